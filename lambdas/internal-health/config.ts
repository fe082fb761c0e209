/** The internal-health function's configuration, read once at cold start. */
import { loadDataApiConfig, loadHttpConfig, loadPlatformKeyConfig } from '../shared/http/config';

export const config = {
  ...loadHttpConfig(),
  // The deep check answers within API Gateway's 29 s: do not wait out a whole Aurora resume.
  dataApi: { ...loadDataApiConfig(), retry: { budgetMs: 5_000 } },
  platformKey: loadPlatformKeyConfig(),
};
