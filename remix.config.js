// Remix options, in one place: vite.config.ts passes them to the Remix Vite plugin.
/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.{ts,tsx}'],
  serverModuleFormat: 'esm',
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    // Off: with it, every server render matched the URL's parents against all routes to inline
    // a partial manifest in the page (about 1.7 ms of a thread page's CPU, profiled at 100 000
    // threads); without it, pages import the whole manifest as one fingerprinted asset (22 KB,
    // 2.6 KB gzipped), cached for a year, and client navigations need no manifest requests.
    v3_lazyRouteDiscovery: false,
  },
}
