// Started from a file, not an inline script, so the page runs under the API's CSP.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: document.body.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    oauth2RedirectUrl: window.location.origin + "/api/docs/static/oauth2-redirect.html",
  });
});
