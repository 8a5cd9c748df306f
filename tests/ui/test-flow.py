#!/usr/bin/env python3
# test-flow.py: the flow page of 开餐馆 over AT-SPI, the way a screen reader
# user would reach it: open the theme, switch to its Flow view, read the
# problems count and the summary, select an item with the keyboard, add a
# prerequisite through "Connect to…" and see the summary change; Ctrl+Z
# brings the flow back.
#
# Usage: test-flow.py PATH-TO-BANSHI. Shares its helpers with test-ui.py.
# BANSHI_UI_TEST_SCREENSHOT=FILE.png takes a screenshot of the flow page.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import re
import shutil
import subprocess
import sys
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
PREREQUISITES = re.compile(r'(\d+) prerequisites?\b')


def problems_label(app):
    return find(app, lambda n: n.get_role_name() == 'label' and PROBLEMS.match(n.get_name() or ''))


def summary(app):
    label = find(app, lambda n: n.get_role_name() == 'label' and PREREQUISITES.search(n.get_name() or '')
                 and ' · ' in (n.get_name() or ''))
    return label.get_name() if label is not None else None


def n_prerequisites(app):
    text = summary(app)
    return int(PREREQUISITES.search(text).group(1)) if text else None


def run(app, banshi):
    # 1. The theme, as in test-ui.py.
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
    log('opened', ui.THEME)

    # 2. Its Flow view.
    flow_tab = wait_for('the Flow tab', lambda: find(app, on_screen(lambda n: n.get_name() == 'Flow'
                                                                    and n.get_n_actions() > 0)))
    do_action(flow_tab, 'click')
    label = wait_for('the problems count', lambda: find(app, on_screen(
        lambda n: n.get_role_name() == 'label' and PROBLEMS.match(n.get_name() or ''))))
    before_problems = label.get_name()
    before = wait_for('the summary', lambda: summary(app))
    before_edges = n_prerequisites(app)
    log('problems:', before_problems)
    log('summary:', before.replace('\n', ' | '))
    errors = int(PROBLEMS.match(before_problems).group(1))
    if errors != 0:
        raise Failure('the demo’s %s has errors: %s' % (ui.THEME, before_problems))
    if 'Critical path' not in before:
        raise Failure('the summary shows no critical path: %s' % before)

    shot = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
    if shot and shutil.which('import'):
        time.sleep(1.5)
        subprocess.run(['import', '-window', 'root', shot], check=False)

    # 3. Select an item: a problem selects its items on the canvas and
    # gives it the keyboard focus; then Tab moves to the next item.
    canvas = wait_for('the canvas', lambda: find(app, on_screen(labelled('Flow of the theme'))))

    def selected():
        label = find(app, lambda n: n.get_role_name() == 'label' and 'dependants' in (n.get_name() or ''))
        return label.get_name() if label is not None else None
    problem = find(app, on_screen(named('push button', prefix='Warning: ')))
    if problem is not None:
        do_action(problem, 'click')
        log('selected by the problem:', wait_for('an item to be selected', selected))
    # The pointer over the window, so that the X server (no window manager
    # here) gives it the keyboard.
    Atspi.generate_mouse_event(600, 400, 'abs')
    time.sleep(0.3)
    was = selected()
    if problem is None:
        ui.press_key(0xff09)  # Tab: the canvas is after the toolbar
    ui.press_key(0xff09)
    description = wait_for('Tab to select an item', lambda: (lambda d: d if d and d != was else None)(selected()))
    log('selected with Tab:', description)
    if canvas.get_description() != description:
        raise Failure('the canvas describes itself as “%s”' % canvas.get_description())

    # 4. Connect to…: the first item offered.
    connect = wait_for('the Connect to… button', lambda: find(app, on_screen(
        lambda n: n.get_name() == 'Connect to…' and n.get_n_actions() > 0)))
    do_action(connect, 'click')
    targets = wait_for('the items offered', lambda: find(app, on_screen(labelled('Items that may need it'))))
    first = wait_for('an item offered', lambda: find(targets, on_screen(named('push button'))))
    log('connecting to', first.get_name())
    do_action(first, 'click')
    wait_for('the prerequisite to be added',
             lambda: n_prerequisites(app) == before_edges + 1)
    after_problems = problems_label(app).get_name()
    log('added; summary:', summary(app).replace('\n', ' | '))
    log('problems:', after_problems)
    if after_problems == before_problems:
        raise Failure('the problems count did not change: %s' % after_problems)

    # 5. Ctrl+Z restores the flow.
    ui.press_ctrl_z()
    wait_for('Ctrl+Z to restore the flow', lambda: summary(app) == before, timeout=8)
    if problems_label(app).get_name() != before_problems:
        raise Failure('the problems after Ctrl+Z: %s, before: %s'
                      % (problems_label(app).get_name(), before_problems))
    log('Ctrl+Z restored it')


if __name__ == '__main__':
    ui.run = run
    sys.exit(ui.main())
