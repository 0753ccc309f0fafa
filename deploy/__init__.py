"""Deployment files for Shop: gunicorn settings and a local Nginx + gunicorn stack."""
