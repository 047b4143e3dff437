"""Form rendering shared by every form on the site (label, hint, error, field)."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    form_template_name = "education/forms/form.html"
    field_template_name = "education/forms/field.html"
