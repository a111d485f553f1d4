"""Countries loaded before their Russian and Kazakh names came from CLDR get them now."""

from django.db import migrations


def name(apps, schema_editor):
    from keruen.reference.loaders import name_countries

    name_countries(apps.get_model("reference", "Country"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_load_reference")]

    operations = [migrations.RunPython(name, migrations.RunPython.noop)]
