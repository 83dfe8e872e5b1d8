// Starts Swagger UI on /docs; a file rather than an inline script, for the CSP.
window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
});
