"""WEB, shared: what every web package uses (templates, links, errors, sessions, security
headers, forms and arguments). Web packages (storefront, admin, auth) never import one
another; what two of them need lives here."""
