/* neurona-a11y.c — accessible names that equal what a control shows. */
#include "neurona-a11y.h"

#include <adwaita.h>
#include <string.h>

char *
neurona_a11y_strip_mnemonic (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      /* "__" is a literal underscore; a single one marks the mnemonic. */
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The text a widget shows as its own label, and whether underscores mark mnemonics. */
static const char *
shown_label (GtkWidget *widget, gboolean *use_underline)
{
  *use_underline = FALSE;
  if (GTK_IS_BUTTON (widget))
    {
      *use_underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
      return gtk_button_get_label (GTK_BUTTON (widget));
    }
  if (GTK_IS_CHECK_BUTTON (widget))
    {
      *use_underline = gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget));
      return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
    }
  if (GTK_IS_EXPANDER (widget))
    {
      *use_underline = gtk_expander_get_use_underline (GTK_EXPANDER (widget));
      return gtk_expander_get_label (GTK_EXPANDER (widget));
    }
  return NULL;
}

void
neurona_a11y_name_from_label (GtkWidget *widget)
{
  g_autofree char *name = NULL;
  gboolean use_underline;
  const char *label;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  label = shown_label (widget, &use_underline);
  if (label == NULL || *label == '\0')
    return;

  name = use_underline ? neurona_a11y_strip_mnemonic (label) : g_strdup (label);
  /* The name is this text alone: the label property holds it, and the relation to the
   * mnemonic label child (which would repeat it) goes. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static GtkLabel *
find_title_label (GtkWidget *widget, GtkWidget *row)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      /* libadwaita makes the row the title label's mnemonic widget (so Alt+letter
       * activates the row, which activates its widget); the subtitle has none. */
      if (GTK_IS_LABEL (child) && gtk_label_get_mnemonic_widget (GTK_LABEL (child)) == row)
        return GTK_LABEL (child);
      if (GTK_IS_POPOVER (child) || ADW_IS_PREFERENCES_ROW (child))
        continue;
      found = find_title_label (child, row);
      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkLabel *
neurona_a11y_row_title_label (GtkWidget *row)
{
  g_return_val_if_fail (ADW_IS_ACTION_ROW (row), NULL);

  return find_title_label (row, row);
}

void
neurona_a11y_name_from_row (GtkWidget *row)
{
  GtkWidget *control;
  GtkLabel *title;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  control = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));
  if (control == NULL || ADW_IS_COMBO_ROW (row))
    return;
  title = neurona_a11y_row_title_label (row);
  if (title == NULL)
    return;
  gtk_accessible_reset_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL, -1);
}

void
neurona_a11y_name_all_from_labels (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  neurona_a11y_name_from_label (root);
  if (ADW_IS_ACTION_ROW (root))
    neurona_a11y_name_from_row (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    neurona_a11y_name_all_from_labels (child);
}

void
neurona_a11y_set_inscription_text (GtkInscription *inscription, const char *text)
{
  g_return_if_fail (GTK_IS_INSCRIPTION (inscription));

  if (g_strcmp0 (gtk_inscription_get_text (inscription), text) == 0)
    return;
  gtk_inscription_set_text (inscription, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (inscription), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
}
