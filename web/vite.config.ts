import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

const nldsPackage = /[\\/]node_modules[\\/]@(rijkshuisstijl-community|utrecht|nl-design-system-candidate)[\\/][^\\/]+-react[\\/]/;
const rhcBundle = /@rijkshuisstijl-community[\\/]components-react[\\/]dist[\\/]index\.esm\.js$/;
const injectedStylesheet = /^var css_248z = ".*";\nstyleInject\(css_248z\);$/m;
const displayName = /^\s*[A-Za-z_$][\w$]*\.displayName = (['"`])[\w$.]*\1;$/gm;

/**
 * Two things the NL Design System React packages do at module level that cost the portal:
 *  - @rijkshuisstijl-community/components-react carries its whole stylesheet as a 350 kB string
 *    that it puts in a <style> element when the script runs. That string is dropped: the same CSS
 *    (@rijkshuisstijl-community/components-css, the version the React package was built with) is
 *    imported as an ordinary stylesheet in main.tsx, so the script stays small and the page is
 *    styled before any script has run.
 *  - every component gets `X.displayName = 'X'` (for React's developer tools); such an assignment
 *    counts as a side effect, so every component of the library stayed in the build whether used
 *    or not. Without it, the components the portal does not use are left out.
 * The dev server pre-bundles dependencies past this plugin; there the CSS comes twice (harmless).
 */
function trimDesignSystemBundles(): Plugin {
  return {
    name: 'trim-design-system-bundles',
    enforce: 'pre',
    transform(code, id) {
      if (!nldsPackage.test(id)) return undefined;
      let trimmed = code;
      if (rhcBundle.test(id)) {
        if (!injectedStylesheet.test(code)) throw new Error(`${id}: the injected stylesheet was not found; check the package version`);
        trimmed = trimmed.replace(injectedStylesheet, '');
      }
      trimmed = trimmed.replace(displayName, '');
      return trimmed === code ? undefined : { code: trimmed, map: null };
    },
  };
}

/**
 * The web app is served by the API server from web/dist under a CSP with `script-src 'self'`,
 * so the built index.html must not contain inline scripts: no module-preload polyfill.
 */
export default defineConfig({
  root: webRoot,
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  plugins: [trimDesignSystemBundles(), react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // The NL Design System bundle builds its icon sets at module level with plain jsx() calls;
      // marked pure, the icons (and the flag and logo drawings) that no component here uses are
      // left out of the build.
      treeshake: { manualPureFunctions: ['jsx', 'jsxs', 'createReactComponent'] },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
