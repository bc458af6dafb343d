/* Swagger UI for /api/docs, started from this file (the Content-Security-Policy allows no inline script).
   A logged-in browser calls the API with its session: writes carry the CSRF token the page was given. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  var csrf = root.getAttribute("data-csrf");
  window.ui = window.SwaggerUIBundle({
    url: root.getAttribute("data-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: function (request) {
      if (csrf && request.method && ["GET", "HEAD", "OPTIONS"].indexOf(request.method.toUpperCase()) < 0) {
        request.headers["X-CSRFToken"] = csrf;
      }
      return request;
    }
  });
})();
