"""yusuan web: prepare, review and publish disclosures in the browser (``yusuan serve``).

The web app is a thin layer over the library: budgets are stored as the same YAML the CLI reads
(``yusuan.source``), figures come from ``yusuan.compute``, documents from ``yusuan.layout`` and
``yusuan.render``, findings from ``yusuan.check`` and readings from ``yusuan.read``. No rule, figure
or word list is written here a second time.

Modules:
- ``settings``: where the database and files are, the secret key, cookie security;
- ``app``: ``create_app(settings)`` — sessions, static files, templates, every router in
  ``yusuan.web.routes`` (a module there that has ``router`` is included: routes register
  themselves, as rules do in ``yusuan.check``);
- ``security``: CSRF tokens (one per session, checked on every unsafe request);
- ``templating``: the Jinja2 environment of ``templates/`` (Chinese UI; ``base.html`` is the page
  every template extends).
"""
