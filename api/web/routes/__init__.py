"""The dashboard's pages, one module per part (sign-in, plans, a unit's task), each a
module-level ``APIRouter`` that ``api.web.router`` gathers under ``/web``."""
