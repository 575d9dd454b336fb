"""The JSON API's routes, one module per resource, each a module-level ``APIRouter``
that ``api.main`` includes."""
