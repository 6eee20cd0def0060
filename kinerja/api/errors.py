"""One shape for every error of the API: {"detail": message, "errors": [...]}.

Messages go through gettext, so a client sending `Accept-Language: en` reads
them in English (LocaleMiddleware picks the language). Each entry of `errors`
names the item's `index` (batches), the `field` and a `message`.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


# The pydantic error type of a batch over the cap, answered with 413 instead of 422.
BATCH_TOO_LARGE = "batch_too_large"


class ApiError(HttpError):
    """An API error with a translated message and, optionally, the fields at fault."""

    def __init__(
        self, status_code: int, detail: str, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(status_code, detail)
        self.detail = detail
        self.errors = errors or []


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _generic_message(status: int) -> str:
    messages = {
        400: _("Badan permintaan bukan JSON yang sah."),
        401: _("Token tidak ada, tidak dikenal, kedaluwarsa, atau sudah dicabut."),
        403: _("Token ini tidak diizinkan melakukan permintaan ini."),
        404: _("Tidak ditemukan."),
        405: _("Metode HTTP ini tidak didukung untuk alamat ini."),
        413: _("Permintaan terlalu besar."),
        429: _("Terlalu banyak permintaan; coba lagi setelah beberapa saat."),
    }
    return messages.get(status, _("Permintaan tidak dapat diproses."))


def _plain(number: Any) -> str:
    """A bound as digits (1000000000000000, not 1E+15)."""
    return format(Decimal(str(number)), "f") if number is not None else ""


# Pydantic's error types, in the words a source-system developer should read.
def _validation_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Wajib diisi.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Harus berupa bilangan bulat.")
    if kind in {"decimal_parsing", "decimal_type", "float_parsing", "float_type"}:
        return _("Harus berupa angka.")
    if kind in {"finite_number", "decimal_finite_number"}:
        return _("Harus berupa angka terhingga (bukan NaN atau Infinity).")
    if kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        return _("Tidak boleh kurang dari %(bound)s.") % {"bound": bound}
    if kind == "less_than_equal":
        return _("Tidak boleh lebih dari %(bound)s.") % {"bound": ctx.get("le")}
    if kind == "less_than":
        return _("Angka terlalu besar: harus kurang dari %(bound)s.") % {
            "bound": _plain(ctx.get("lt"))
        }
    if kind in {"decimal_max_places"}:
        return _("Paling banyak %(places)s angka di belakang koma.") % {
            "places": ctx.get("decimal_places")
        }
    if kind in {"decimal_max_digits", "decimal_whole_digits"}:
        return _("Angka terlalu besar.")
    if kind in {"string_type"}:
        return _("Harus berupa teks.")
    if kind in {"string_too_long"}:
        return _("Paling panjang %(max)s karakter.") % {"max": ctx.get("max_length")}
    if kind in {"string_too_short"}:
        return _("Tidak boleh kosong.")
    if kind in {"string_pattern_mismatch"}:
        return _("Formatnya tidak sesuai.")
    if kind in {"bool_type", "bool_parsing"}:
        return _("Harus berupa true atau false.")
    if kind in {"extra_forbidden"}:
        return _("Kolom tidak dikenal.")
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return _("Harus berupa objek JSON.")
    if kind in {"list_type"}:
        return _("Harus berupa daftar (array JSON).")
    if kind in {"too_short"}:
        return _("Daftar tidak boleh kosong.")
    if kind in {"value_error", "assertion_error"}:
        message = str(ctx.get("error", "")) or str(error.get("msg", ""))
        return message
    return _("Nilai tidak sah.")


def validation_errors(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors as {"index"?, "field", "message"}, with body/param names dropped."""
    errors: list[dict[str, Any]] = []
    for error in raw:
        loc = [part for part in error.get("loc", ()) if part not in ("body", "query", "payload")]
        entry: dict[str, Any] = {}
        if len(loc) >= 2 and loc[0] == "realisasi" and isinstance(loc[1], int):
            entry["index"] = loc[1]
            loc = loc[2:]
        # An empty location is the body as a whole (sent empty, or not an object).
        entry["field"] = ".".join(str(part) for part in loc) or "body"
        entry["message"] = _validation_message(error)
        errors.append(entry)
    return errors


def install(api: NinjaAPI) -> None:
    """Replace ninja's handlers so every failure answers in the one shape, never a 500."""

    def respond(request: HttpRequest, status: int, detail: str, errors: Any = None) -> HttpResponse:
        response = api.create_response(request, error_body(detail, errors), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="kinerja"'
        return response

    def on_api_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, exc.status_code, exc.detail, exc.errors)

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # ninja reports a body over DATA_UPLOAD_MAX_MEMORY_SIZE as unparseable (400).
        if isinstance(exc.__cause__, RequestDataTooBig):
            return respond(request, 413, _generic_message(413))
        return respond(request, exc.status_code, _generic_message(exc.status_code))

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        if any(e.get("type") == BATCH_TOO_LARGE for e in exc.errors):
            return respond(request, 413, _generic_message(413) + " " + _batch_message())
        return respond(
            request,
            422,
            _("Data yang dikirim tidak sah; tidak ada yang disimpan."),
            validation_errors(exc.errors),
        )

    def on_404(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 404, _generic_message(404))

    def on_too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 413, _generic_message(413))

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        # Logged with its traceback for the operators; the client gets JSON, not a page.
        logger.exception("API request failed", exc_info=exc)
        return respond(request, 500, _("Terjadi kesalahan di server; tidak ada yang disimpan."))

    api.add_exception_handler(Exception, on_unexpected)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(AuthenticationError, on_http_error)
    api.add_exception_handler(Throttled, on_http_error)
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ValidationError, on_validation)


def batch_limit() -> int:
    from django.conf import settings

    return int(getattr(settings, "API_BATCH_MAX_ITEMS", 500))


def _batch_message() -> str:
    return _("Satu batch paling banyak %(max)s realisasi.") % {"max": batch_limit()}
