/* neurona-core-strings.c — strings the UI-free core returns untranslated and the app
 * shows through _(), listed here so xgettext finds them. The core cannot mark them
 * itself (it has no gettext domain and no GTK); this file is never compiled, only
 * read through data/po/POTFILES.
 *
 * Keep it in step with src/core/dataset.c: tests/test-i18n.c fails when one of these
 * core strings has no Spanish translation, so a renamed class shows up there. */

#if 0
/* nr_dataset_info ()->title */
N_("MNIST digits")
N_("Fashion-MNIST")

/* nr_dataset_info (NR_DATASET_FASHION_MNIST)->class_names; the MNIST classes are digits.
 * Translators: the Fashion-MNIST classes, as the Spanish tutorial names them. */
N_("T-shirt/top")
N_("Trouser")
N_("Pullover")
N_("Dress")
N_("Coat")
N_("Sandal")
N_("Shirt")
N_("Sneaker")
N_("Bag")
N_("Ankle boot")

/* nr_data_source_describe (): where the data came from, after "from" in the app */
N_("the folder given with --data-dir or NEURONA_DATA_DIR")
N_("the full set fetched into the project's data folder")
N_("Debian's dataset-fashion-mnist package")
N_("the committed subset")
N_("an unknown place")
#endif
