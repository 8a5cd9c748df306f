/* banshi-core.h: everything libbanshi-core offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bs-audit.h"
#include "bs-catalogue.h"
#include "bs-catalogue-json.h"
#include "bs-category.h"
#include "bs-changes.h"
#include "bs-condition.h"
#include "bs-coverage.h"
#include "bs-csv.h"
#include "bs-date.h"
#include "bs-demand.h"
#include "bs-department.h"
#include "bs-enums.h"
#include "bs-flow-layout.h"
#include "bs-generate.h"
#include "bs-guide.h"
#include "bs-item.h"
#include "bs-item-import.h"
#include "bs-material.h"
#include "bs-question.h"
#include "bs-records.h"
#include "bs-report.h"
#include "bs-rollout.h"
#include "bs-theme.h"
#include "bs-theme-dot.h"
#include "bs-theme-flow.h"
#include "bs-theme-note.h"
