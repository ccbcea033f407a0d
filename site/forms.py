from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Renders every form with the site's accessible field markup (templates/forms/)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
