from datetime import date

import factory
from factory.django import DjangoModelFactory

from accounts.models import RoleAssignment, User
from households.models import Gender, Household, Resident
from localities.models import AdministrativeUnit, Level, VillageKind

PASSWORD = "a-long-test-password-42"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    division_type = "tỉnh"
    level = Level.PROVINCE
    code = factory.Sequence(lambda n: f"{n + 10:02d}")


def province(code="91", name="Tỉnh Thử Nghiệm"):
    return UnitFactory(code=code, name=name, level=Level.PROVINCE, division_type="tỉnh")


def commune(parent, code, name):
    return UnitFactory(code=code, name=name, level=Level.COMMUNE, division_type="xã", parent=parent)


def village(parent, number, name):
    return UnitFactory(
        code=f"{parent.code}.{number:03d}",
        name=name,
        level=Level.VILLAGE,
        division_type=VillageKind.THON,
        parent=parent,
    )


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    code = factory.Sequence(lambda n: f"HGD-{n:05d}")
    address = "Xóm 1"


class ResidentFactory(DjangoModelFactory):
    class Meta:
        model = Resident

    full_name = "Nguyễn Văn An"
    gender = Gender.MALE
    date_of_birth = date(1980, 1, 1)


def household_with(village_unit, *names, code=None):
    """A household in `village_unit` whose members have these names; the first is head and representative."""
    household = HouseholdFactory(village=village_unit, **({"code": code} if code else {}))
    members = [ResidentFactory(household=household, full_name=name) for name in names]
    if members:
        household.head = household.representative = members[0]
        household.save()
    household.search_text = household.build_search_text()
    household.save()
    return household


def official(username, role, unit, password=PASSWORD):
    user = User.objects.create_user(username=username, password=password, full_name=username)
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


# Files as officials attach them ------------------------------------------------------------------------------

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def pdf_bytes(*lines: str) -> bytes:
    """A real PDF with these lines of Vietnamese text (an embedded Unicode font, so the text can be extracted)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=DEJAVU)
    pdf.set_font("DejaVu", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx_bytes(*paragraphs: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_table_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """A Word document whose first table has this header and these rows, as programmes and plans arrive."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Chương trình công tác")
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    for cells, values in zip(table.rows, [header, *rows], strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def png_bytes(size=(8, 8)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)
