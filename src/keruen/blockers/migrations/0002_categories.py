"""The categories of blocking issues (after PRAGATI's issue types) and their norms in days."""

from django.db import migrations

CATEGORIES = [
    # code, norm (days), English, Russian, Kazakh
    ("land", 30, "Land", "Земля", "Жер"),
    ("right-of-way", 30, "Right-of-way", "Полоса отвода", "Бөлу жолағы"),
    ("permits", 30, "Permits and approvals", "Разрешения и согласования", "Рұқсаттар мен келісімдер"),
    ("utilities", 30, "Utilities connection", "Подключение к инженерным сетям", "Инженерлік желілерге қосылу"),
    ("customs", 14, "Customs and logistics", "Таможня и логистика", "Кеден және логистика"),
    ("visas", 14, "Visas and labour", "Визы и трудовые ресурсы", "Визалар және еңбек ресурстары"),
    ("financing", 30, "Financing", "Финансирование", "Қаржыландыру"),
    ("other", 30, "Other", "Прочее", "Басқа"),
]
LADDER = ["akimat", "ministry", "investment_hq", "pm_meeting"]


def load(apps, schema_editor):
    Category = apps.get_model("blockers", "Category")
    for code, days, en, ru, kk in CATEGORIES:
        Category.objects.update_or_create(
            code=code,
            defaults={"norm_days": days, "name": en, "name_ru": ru, "name_kk": kk, "ladder": LADDER},
        )


def unload(apps, schema_editor):
    apps.get_model("blockers", "Category").objects.filter(
        code__in=[c[0] for c in CATEGORIES], issues__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("blockers", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
