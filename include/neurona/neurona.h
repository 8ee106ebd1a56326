/* neurona.h — the training core, all of it. */
#pragma once

#include "neurona/error.h"
#include "neurona/i18n.h"
#include "neurona/dataset.h"
#include "neurona/colormap.h"
#include "neurona/model.h"
#include "neurona/layers.h"
#include "neurona/optimizer.h"
#include "neurona/trainer.h"
#include "neurona/polyfit.h"
#include "neurona/format.h"
#include "neurona/run-record.h"
#include "neurona/run-store.h"
#include "neurona/weights.h"
#include "neurona/inspect.h"
#include "neurona/codegen.h"
#include "neurona/sweep.h"
