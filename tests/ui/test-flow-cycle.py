#!/usr/bin/env python3
# test-flow-cycle.py: a catalogue imported with a cycle in a theme's flow.
# The demo's JSON gets one more prerequisite in 开餐馆, 食品经营许可（新办）
# before 企业名称自主申报, which closes the cycle 企业名称自主申报 →
# 企业设立登记 → 食品经营许可（新办） → 企业名称自主申报; `banshi-cli
# import-json` makes a catalogue of it and `banshi FILE` opens it. Over
# AT-SPI: the theme's Flow view counts an error, the problems pane lists the
# cycle naming its three items, the summary says there is no critical path,
# and choosing the problem selects the cycle's items on the canvas.
#
# Usage: test-flow-cycle.py PATH-TO-BANSHI PATH-TO-BANSHI-CLI, with
# BANSHI_DEMO_JSON in the environment. Shares its helpers with test-ui.py.
# BANSHI_UI_TEST_SCREENSHOT=FILE.png takes a screenshot at the end.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

_spec = importlib.util.spec_from_file_location(
    'banshi_test_ui', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test-ui.py'))
ui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ui)

Atspi = ui.Atspi
Failure = ui.Failure
log = ui.log
find = ui.find
find_all = ui.find_all
named = ui.named
labelled = ui.labelled
on_screen = ui.on_screen
wait_for = ui.wait_for
do_action = ui.do_action

PROBLEMS = re.compile(r'^(\d+) errors?, (\d+) warnings?$')
CYCLE = ['企业名称自主申报', '企业设立登记', '食品经营许可（新办）']


def make_catalogue(folder, banshi_cli):
    with open(os.environ['BANSHI_DEMO_JSON'], encoding='utf-8') as f:
        document = json.load(f)
    codes = {item['name']: item['code'] for item in document['items']}
    theme = next(t for t in document['themes'] if t['name'] == ui.THEME)
    theme['edges'].append([codes['食品经营许可（新办）'], codes['企业名称自主申报']])
    json_path = os.path.join(folder, 'cycle.json')
    with open(json_path, 'w', encoding='utf-8') as f:
        json.dump(document, f, ensure_ascii=False)
    catalogue = os.path.join(folder, 'cycle.banshi')
    subprocess.run([banshi_cli, 'import-json', json_path, catalogue], check=True,
                   stdout=subprocess.DEVNULL)
    return catalogue


def run(app, banshi):
    themes_tab = wait_for('the Themes tab', lambda: find(app, on_screen(named('page tab', 'Themes'))))
    do_action(themes_tab, 'click')
    search_button = wait_for('the Search button', lambda: find(app, named('push button', 'Search')))
    do_action(search_button, 'click')
    entry = wait_for('the search entry', lambda: find(app, named('entry', 'Search the list')))
    entry.set_text_contents(ui.THEME)

    def theme_row():
        sidebar = find(app, labelled('Categories and themes'))
        return sidebar and find(sidebar, named('panel', ui.THEME))
    do_action(wait_for('the theme in the sidebar', theme_row), 'row.activate')
    flow_tab = wait_for('the Flow tab', lambda: find(app, on_screen(lambda n: n.get_name() == 'Flow'
                                                                    and n.get_n_actions() > 0)))
    do_action(flow_tab, 'click')

    label = wait_for('the problems count', lambda: find(app, on_screen(
        lambda n: n.get_role_name() == 'label' and PROBLEMS.match(n.get_name() or ''))))
    log('problems:', label.get_name())
    if int(PROBLEMS.match(label.get_name()).group(1)) < 1:
        raise Failure('no error counted for the cycle: %s' % label.get_name())

    errors = wait_for('the errors in the problems pane', lambda: find_all(
        app, on_screen(named('push button', prefix='Error: '))))
    names = [e.get_name() for e in errors]
    log('errors:', names)
    cycle = [e for e in errors if all(item in e.get_name() for item in CYCLE)]
    if not cycle:
        raise Failure('no error names the cycle’s items %s: %s' % (CYCLE, names))
    text = cycle[0].get_name()
    # The items in the cycle's order, from wherever it starts.
    positions = [text.index(item) for item in CYCLE]
    rotations = [positions[i:] + positions[:i] for i in range(len(positions))]
    if not any(r == sorted(r) for r in rotations):
        raise Failure('the cycle’s items are not in their order: %s' % text)

    # The flow's summary: “N items · M prerequisites · …” (not the header
    # bar's “N overdue · M due soon”).
    summary = wait_for('the summary', lambda: find(app, lambda n: n.get_role_name() == 'label'
                                                   and ' · ' in (n.get_name() or '')
                                                   and 'items' in (n.get_name() or '')))
    log('summary:', summary.get_name().replace('\n', ' | '))
    if 'no critical path' not in summary.get_name().lower():
        raise Failure('the summary does not say the cycle leaves no critical path: %s' % summary.get_name())

    canvas = wait_for('the canvas', lambda: find(app, on_screen(labelled('Flow of the theme'))))
    do_action(cycle[0], 'click')
    description = wait_for('the cycle to be selected', lambda: (
        lambda d: d if d and any(d.startswith(item + ',') for item in CYCLE) else None)(canvas.get_description()))
    log('selected:', description)

    shot = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
    if shot and shutil.which('import'):
        time.sleep(1.5)
        subprocess.run(['import', '-window', 'root', shot], check=False)


if __name__ == '__main__':
    if len(sys.argv) < 3 or not os.access(sys.argv[2], os.X_OK) or not os.environ.get('BANSHI_DEMO_JSON'):
        log('usage: test-flow-cycle.py PATH-TO-BANSHI PATH-TO-BANSHI-CLI (with BANSHI_DEMO_JSON set)')
        sys.exit(2)
    folder = tempfile.mkdtemp(prefix='banshi-flow-cycle-')
    try:
        path = make_catalogue(folder, sys.argv[2])
        ui.run = run
        status = ui.main([path])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(status)
