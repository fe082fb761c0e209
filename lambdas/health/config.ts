/** The health function's configuration, read once at cold start: no database settings, it has no database. */
import { loadHttpConfig } from '../shared/http/config';

export const config = loadHttpConfig();
