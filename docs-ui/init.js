// Swagger UI for the legacy REST route. No inline script (the Content-Security-Policy forbids
// it) and no validator badge (it would call an outside service).
//
// Authorization: in dev mode the demo user's dev token (from /docs/config.json, as the playground
// gets it) is authorized as the page loads. A token the user authorizes with is kept in this tab's
// sessionStorage, so a reload keeps it and closing the tab forgets it; never in localStorage, where
// Swagger UI's own persistAuthorization would leave it for every later visit and every tab.
const BEARER_SCHEME = 'HTTPBearer';
const SAVED_TOKEN = 'chat-thread-gateway:docs:bearer';

/** The token authorized in this tab before a reload, if any. */
function savedToken() {
  try {
    return window.sessionStorage.getItem(SAVED_TOKEN);
  } catch {
    return null;
  }
}

/** Saves (or, with null, forgets) the token authorized in this tab. */
function saveToken(token) {
  try {
    if (token === null) window.sessionStorage.removeItem(SAVED_TOKEN);
    else window.sessionStorage.setItem(SAVED_TOKEN, token);
  } catch {
    // Storage disabled: the authorization lasts until the page is left, as before.
  }
}

/**
 * A Swagger UI plugin that keeps the user's bearer token in sessionStorage when they authorize and
 * forgets it when they log out. The dev token is not saved: it changes with every server start, and
 * the page gets the current one anyway.
 */
function keepAuthorizationInSession(devToken) {
  return {
    statePlugins: {
      auth: {
        wrapActions: {
          authorize: (authorize) => (payload) => {
            const token = payload?.[BEARER_SCHEME]?.value;
            if (typeof token === 'string' && token !== devToken) saveToken(token);
            return authorize(payload);
          },
          logout: (logout) => (payload) => {
            if (Array.isArray(payload) && payload.includes(BEARER_SCHEME)) saveToken(null);
            return logout(payload);
          },
        },
      },
    },
  };
}

async function docsConfig() {
  try {
    const response = await fetch('/docs/config.json', { cache: 'no-store' });
    return response.ok ? await response.json() : { devToken: null };
  } catch {
    return { devToken: null };
  }
}

async function start() {
  const { devToken } = await docsConfig();
  const ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [keepAuthorizationInSession(devToken)],
    layout: 'StandaloneLayout',
    validatorUrl: null,
    tryItOutEnabled: true,
    persistAuthorization: false,
    displayRequestDuration: true,
    onComplete() {
      const token = savedToken() ?? devToken;
      if (token) ui.preauthorizeApiKey(BEARER_SCHEME, token);
    },
  });
  window.ui = ui;
}

void start();
