"""Command-line entry point: `python manage.py db upgrade`, `seed-demo`, `run`, ..."""

from flask.cli import FlaskGroup

from shop import create_app

cli = FlaskGroup(create_app=create_app)

if __name__ == "__main__":
    cli()
