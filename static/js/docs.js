// Starts Swagger UI on /docs (a file rather than an inline script, for the CSP), in the
// site's theme: the one chosen on the other pages (remembered, or `?theme=`), else the
// system's, shown through Swagger UI's own dark mode (<html class="dark-mode">).

import { onThemeChange, theme } from "./lib/theme.js";

function followTheme() {
  document.documentElement.classList.toggle("dark-mode", theme() === "dark");
}

followTheme();
// While the system decides, its change of setting (evening mode) is followed too.
onThemeChange(followTheme);

window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
});
