// Kept in its own file: the portal's Content-Security-Policy forbids inline script.
window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });
