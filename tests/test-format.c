/* test-format.c — counts grouped by thousands, as the app and neurona-cli print them. */
#include <locale.h>
#include <math.h>

#include "neurona/format.h"

static void
assert_count (guint64 n, const char *expected)
{
  g_autofree char *text = nr_format_count (n);

  g_assert_cmpstr (text, ==, expected);
}

/* The C locale has no thousands separator: a comma, as the tutorial writes counts. */
static void
test_c_locale (void)
{
  assert_count (0, "0");
  assert_count (7, "7");
  assert_count (999, "999");
  assert_count (1000, "1,000");
  assert_count (10000, "10,000");
  assert_count (60000, "60,000");
  assert_count (101770, "101,770");
  assert_count (1234567, "1,234,567");
  assert_count (G_MAXUINT64, "18,446,744,073,709,551,615");
}

static void
test_separator (void)
{
  g_autofree char *dot = nr_format_count_with (60000, ".");
  /* U+202F NARROW NO-BREAK SPACE, what fr_FR uses: a multi-byte separator. */
  g_autofree char *narrow = nr_format_count_with (1234567, "\u202f");
  g_autofree char *none = nr_format_count_with (1234567, "");
  g_autofree char *short_number = nr_format_count_with (999, ".");

  g_assert_cmpstr (dot, ==, "60.000");
  g_assert_cmpstr (narrow, ==, "1\u202f234\u202f567");
  g_assert_cmpstr (none, ==, "1234567");
  g_assert_cmpstr (short_number, ==, "999");
}

/* A missing separator is the caller's bug: a critical and NULL, no crash. */
static void
test_null_separator (void)
{
  char *text;

  g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*separator != NULL*");
  text = nr_format_count_with (1000, NULL);
  g_test_assert_expected_messages ();
  g_assert_null (text);
}

/* Python's repr(float), as print(t, loss) shows the tutorial's numbers. */
static void
test_repr (void)
{
  static const struct { double v; const char *want; } cases[] = {
    { 9.375637925602181, "9.375637925602181" },
    { 1273.5, "1273.5" },
    { 100.0, "100.0" },
    { 0.1, "0.1" },
    { 1e-05, "1e-05" },
    { 0.0001, "0.0001" },
    { 1e16, "1e+16" },
    { 123456789012345.0, "123456789012345.0" },
    { -2.5, "-2.5" },
    { 0.0, "0.0" },
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (nr_format_repr (buf, sizeof buf, cases[i].v), ==, cases[i].want);
  g_assert_cmpstr (nr_format_repr (buf, sizeof buf, NAN), ==, "nan");
  g_assert_cmpstr (nr_format_repr (buf, sizeof buf, -INFINITY), ==, "-inf");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C");

  g_test_add_func ("/core/format/count/c-locale", test_c_locale);
  g_test_add_func ("/core/format/repr", test_repr);
  g_test_add_func ("/core/format/count/separator", test_separator);
  g_test_add_func ("/core/format/count/null-separator", test_null_separator);

  return g_test_run ();
}
