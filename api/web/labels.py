"""Vietnamese labels and colours of the dashboard, as tables (one place to change them)."""

from __future__ import annotations

from api.messages import SHORT_MESSAGES
from cascade import doctypes
from cascade.store.report import LEVEL_VI, STATUS_VI
from orgchart.vocabulary import KIND_VI as _KIND_VI
from orgchart.vocabulary import LEVEL_GROUP_VI

# a task's shown state: its status, or "overdue" when open past its deadline
STATE_COLOUR = {"pending": "#cfd8dc", "drafted": "#ffca28", "issued": "#43a047",
                "exempt": "#8d99ae", "overdue": "#e53935"}
STATE_ORDER = ("issued", "drafted", "pending", "overdue", "exempt")
STATE_VI = {k: STATUS_VI[k] for k in STATE_ORDER}
LEVELS_VI = LEVEL_VI
LEVEL_PLURAL_VI = LEVEL_GROUP_VI

# kinds of body: orgchart's vocabulary, shared with the CLI
KIND_VI = _KIND_VI

# form and query fields, as a message names them
FIELD_VI = {
    "plan_id": "Mã kế hoạch", "task_id": "Mã nhiệm vụ", "province": "Tỉnh, thành phố",
    "level": "Cấp", "kind": "Loại cơ quan", "status": "Trạng thái", "q": "Tìm đơn vị",
    "as_of": "Tính đến ngày", "key": "Khóa API", "csrf": "Mã chống giả mạo (CSRF)",
    "number": "Số", "symbol": "Ký hiệu", "date": "Ngày ban hành", "signer": "Người ký",
    "file": "Tệp văn bản", "reason": "Lý do", "upload": "Tệp đã tải lên",
    "format": "Định dạng", "table": "Bảng", "next": "Trang tiếp theo",
    "page": "Trang của danh sách quá hạn", "as": "Cơ quan trả lời", "lead": "Chủ trì",
    "task": "Nhiệm vụ", "mode": "Thao tác",
    "tu": "Từ ngày", "den": "Đến ngày", "han_moi": "Hạn mới", "ngay": "Ngày đôn đốc",
}

# pydantic error types → Vietnamese, shortly (the page names the field): api/messages.yaml
ERROR_VI = SHORT_MESSAGES

# the reasons ingest gives, as a heading over its own Vietnamese message
INGEST_CODE_VI = {
    "no_issuer": "Không xác định được cơ quan ban hành",
    "issuer_not_in_plan": "Cơ quan ban hành không có trong kế hoạch",
    "no_parent_citation": "Văn bản không dẫn văn bản cấp trên",
    "parent_mismatch": "Văn bản cấp trên được dẫn không khớp",
    "ambiguous": "Khớp với nhiều nhiệm vụ",
    "already_issued": "Nhiệm vụ đã được ghi nhận ban hành",
    "task_exempt": "Nhiệm vụ đã được miễn",
    "no_number": "Văn bản chưa có số, ngày (bản dự thảo)",
    "blank_parent": "Văn bản cấp trên được dẫn còn để trống số, ngày",
    "other_task": "Văn bản thuộc nhiệm vụ khác",
    "outside": "Ngoài phạm vi của khóa",
}

# a task's document type (its id, ``ke_hoach``) → its name as a sentence writes it
# ("Kế hoạch"): cascade/data/doc_types.yaml, the one vocabulary of types
DOC_TYPE_VI = {t.id: t.name for t in doctypes.all_types()}


def field_vi(name: str) -> str:
    """The Vietnamese label of a form or query field, for messages.

    Only the label: the people reading these pages are secretariat staff, to whom the
    field's English identifier ("number", "as_of") means nothing.
    """
    return FIELD_VI.get(name, "Dữ liệu gửi lên")


def vn_int(n: object) -> str:
    """12.345: thousands grouped with a dot, as Vietnamese documents write numbers."""
    return f"{n:,}".replace(",", ".") if isinstance(n, int) else str(n)


def quoted(value: str, n: int = 40) -> str:
    """A value the user gave, in Vietnamese quotation marks (not Python's repr)."""
    return f"“{value[:n]}{'…' if len(value) > n else ''}”"


# messages of errors raised outside the dashboard's own checks, by HTTP status
STATUS_VI = {
    400: "Yêu cầu không hợp lệ.", 401: "Chưa đăng nhập hoặc khóa không hợp lệ.",
    403: "Không có quyền thực hiện thao tác này.", 404: "Không tìm thấy trang hoặc dữ liệu.",
    405: "Trang này không nhận thao tác đó; hãy dùng các nút, liên kết trên trang.",
    409: "Dữ liệu đã thay đổi, không thực hiện được; hãy tải lại trang.",
    413: "Tệp quá lớn (tối đa 50 MB).", 415: "Định dạng dữ liệu gửi lên không được hỗ trợ.",
    422: "Dữ liệu gửi lên không hợp lệ.",
    500: "Máy chủ gặp lỗi khi xử lý yêu cầu; chưa có gì bị thay đổi. Hãy thử lại sau hoặc "
         "báo quản trị hệ thống.",
}


def vn_day(d: object) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese offices; blank for None."""
    import datetime as dt

    return f"{d:%d/%m/%Y}" if isinstance(d, dt.date) else ""
