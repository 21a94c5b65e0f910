"""Request and response bodies, with the examples the OpenAPI document shows: one module per
part of the API (`orders`, `parsing`, `catalog`, `sessions`), what they share in `common`. The
names the routes use are gathered here."""

from ordering.api.schemas.catalog import (
    MenuImportOut,
    MenuOut,
    NearestOut,
)
from ordering.api.schemas.common import (
    AT_DESCRIPTION,
    AT_EXAMPLE,
    AT_SCHEMA,
    SCHEMA_VALID_REFUSALS,
    HealthOut,
    Moment,
    problems,
)
from ordering.api.schemas.orders import (
    OrderOut,
    PayIn,
)
from ordering.api.schemas.parsing import (
    AUDIO_DESCRIPTION,
    AUDIO_SCHEMA,
    OrderParseOut,
    ParseIn,
    TranscribeOut,
)
from ordering.api.schemas.sessions import (
    NearestQuery,
    SessionCreatedOut,
    SessionIn,
    SessionOut,
    TurnIn,
    TurnOut,
)

__all__ = [
    "AT_DESCRIPTION",
    "AT_EXAMPLE",
    "AT_SCHEMA",
    "AUDIO_DESCRIPTION",
    "AUDIO_SCHEMA",
    "HealthOut",
    "MenuImportOut",
    "MenuOut",
    "Moment",
    "NearestOut",
    "NearestQuery",
    "OrderOut",
    "OrderParseOut",
    "ParseIn",
    "PayIn",
    "SCHEMA_VALID_REFUSALS",
    "SessionCreatedOut",
    "SessionIn",
    "SessionOut",
    "TranscribeOut",
    "TurnIn",
    "TurnOut",
    "problems",
]
