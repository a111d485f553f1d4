import pytest
from django.core.exceptions import ValidationError

from keruen.parties.models import Organization
from keruen.parties.selectors import OrganizationIndex
from keruen.parties.services import normalize_name, organization_create

pytestmark = pytest.mark.django_db


def _org() -> Organization:
    return organization_create(
        actor=None,
        reason="t",
        name="Tianshan Agro Technology Co., Ltd.",
        kind="company",
        name_ru="Тяньшань Агро Технолоджи",
        aliases=[
            ("天山农业科技有限公司", "hanzi"),
            ("Tianshan Nongye Keji", "pinyin"),
            ("TSAT", "abbreviation"),
        ],
        identifiers=[("cn_uscc", "91650100MA001X1K11")],
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "Tianshan Agro Technology Co Ltd",
        "tianshan agro technology",
        "天山农业科技有限公司",
        "Tianshan Nongye Keji",
        "ТЯНЬШАНЬ АГРО ТЕХНОЛОДЖИ",
        "TSAT",
        "91650100MA001X1K11",
        "Tianshan Agro Technolgy",
    ],
)
def test_any_spelling_in_any_script_finds_the_organization(spelling: str) -> None:
    org = _org()
    assert OrganizationIndex().find(spelling) == org


def test_unrelated_names_are_not_matched() -> None:
    _org()
    assert OrganizationIndex().find("Kunlun Textile Industry") is None


def test_legal_forms_and_quotes_are_ignored_when_matching() -> None:
    assert normalize_name("ТОО «Дала Агро»") == normalize_name("Дала Агро")


@pytest.mark.parametrize(
    ("scheme", "value"), [("kz_bin", "12345"), ("cn_uscc", "ABCDEFGHIJKLMNOPQI")]
)
def test_malformed_identifiers_are_rejected(scheme: str, value: str) -> None:
    with pytest.raises(ValidationError) as e:
        organization_create(
            actor=None, reason="t", name="X", kind="company", identifiers=[(scheme, value)]
        )
    assert "identifiers" in e.value.message_dict
    assert not Organization.objects.exists()


def test_duplicate_code_is_rejected() -> None:
    organization_create(actor=None, reason="t", name="A", kind="company", code="acme")
    with pytest.raises(ValidationError) as e:
        organization_create(actor=None, reason="t", name="B", kind="company", code="acme")
    assert "code" in e.value.message_dict
