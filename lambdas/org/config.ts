/** The org function's configuration, read once at cold start. */
import { loadDataApiConfig, loadHttpConfig } from '../shared/http/config';

export const config = { ...loadHttpConfig(), dataApi: loadDataApiConfig() };
