/** The internal-orgs function's configuration, read once at cold start. */
import { loadDataApiConfig, loadHttpConfig, loadPlatformKeyConfig } from '../shared/http/config';

export const config = { ...loadHttpConfig(), dataApi: loadDataApiConfig(), platformKey: loadPlatformKeyConfig() };
