/* Starts Swagger UI on the document embedded in the page (keruen/api/docs.py says why so). */
(function () {
  "use strict";
  var body = document.body.dataset;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var schemes = ((config.spec || {}).components || {}).securitySchemes || {};
  var schemesHoldRefs = JSON.stringify(schemes).indexOf('"$ref"') !== -1;

  // Swagger UI resolves components/securitySchemes on load; for OpenAPI 3.1 that converts the
  // whole document first. With no $ref in them there is nothing to resolve: skip it.
  var SkipPlainSecuritySchemes = function () {
    return {
      statePlugins: {
        spec: {
          wrapActions: {
            requestResolvedSubtree: function (original) {
              return function (path) {
                if (!schemesHoldRefs && path.join("/") === "components/securitySchemes") {
                  return undefined;
                }
                return original(path);
              };
            },
          },
        },
      },
    };
  };

  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  config.plugins = [SkipPlainSecuritySchemes];
  if (body.apiCsrf && body.csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = body.csrfToken;
      return request;
    };
  }
  window.ui = SwaggerUIBundle(config);
})();
