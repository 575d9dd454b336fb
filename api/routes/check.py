"""``POST /check``: the thể thức of an uploaded .docx, as ``trienkhai check`` reports it.

Nothing is stored: the file is read in memory and forgotten, so an office may check a
document before it is signed (or a Mật one) without leaving a copy on the server.
"""

from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile

from api.deps import ChartDep, Reader
from api.limits import MAX_UPLOAD_BYTES
from api.problems import Problem, problems
from api.schemas import CheckOut
from cascade.check import CheckReadError, check_document
from cascade.layout.profile import profile_names
from orgchart.safe_yaml import vn_number

router = APIRouter(tags=["documents"])


def read_upload(file: UploadFile, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The upload's bytes; 413 past ``limit``, 422 for an empty or non-.docx file."""
    name = file.filename or "file"
    if not name.lower().endswith(".docx"):
        raise Problem(422, f"file: {name}: chỉ kiểm tra được tệp .docx",
                      [{"field": "file", "type": "not_docx",
                        "message": "chỉ kiểm tra được tệp .docx"}])
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise Problem(413, f"file: {name}: tệp quá lớn, tối đa {vn_number(limit)} byte")
    if not data:
        raise Problem(422, f"file: {name}: tệp rỗng",
                      [{"field": "file", "type": "empty", "message": "tệp rỗng"}])
    return data


@router.post("/check", response_model=CheckOut, responses=problems(413),
             summary="Check the layout (thể thức) of a .docx against NĐ 30, HD 36 or HD 05")
def check_ep(
    caller: Reader,
    chart: ChartDep,
    file: Annotated[UploadFile, File(description="The document to check (.docx)")],
    profile: Annotated[str | None, Query(
        description="Layout profile (nd30, hd36, hd05); default: from the issuer's "
        "system and the document's date", pattern="^(" + "|".join(profile_names()) + ")$",
    )] = None,
) -> Any:
    data = read_upload(file)
    try:
        report = check_document(data, profile=profile, name=file.filename, chart=chart)
    except CheckReadError as e:
        raise Problem(422, f"file: {e}", [{"field": "file", "type": "unreadable",
                                           "message": str(e)}]) from None
    return report.model_dump(mode="json")
