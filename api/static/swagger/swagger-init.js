// Started from a file, not an inline script, so the page runs under the API's CSP.
// "Authorize" offers both OAuth2 flows of the document: a partner developer signs in
// with a test client's id and secret (client credentials), a person with a password.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: document.body.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    oauth2RedirectUrl: window.location.origin + "/api/docs/static/oauth2-redirect.html",
  });
  window.ui.initOAuth({ scopeSeparator: " ", appName: "KIP NI API documentation" });
});
