#!/usr/bin/env python3
# test-rollout.py: the Rollout view of the demo over AT-SPI, on the demo's
# day 2026-06-15 (BANSHI_TODAY): its header counts 3 overdue and 3 due-soon
# tasks; the overdue filter leaves exactly the three overdue tasks, each
# read with its code and “N days overdue”; accepting one of them (a date in
# its “Completed on” field) takes it off the overdue list, and Ctrl+Z
# brings it back. The timeline follows the filter.
#
# Usage: test-rollout.py PATH-TO-BANSHI. Shares its helpers with test-ui.py.
# BANSHI_UI_TEST_SCREENSHOT=FILE.png takes a screenshot of the view.
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

TODAY = '2026-06-15'
# `banshi-cli rollout demo.banshi --json` on that day.
OVERDUE = {'T014': 46, 'T022': 3, 'T025': 3}
N_DUE_SOON = 3
OVERDUE_COUNT = re.compile(r'^(\d+) overdue$')
DUE_SOON_COUNT = re.compile(r'^(\d+) due soon$')
CODE = re.compile(r'^T\d{3}$')
DAYS_OVERDUE = re.compile(r'(\d+) days? overdue')


def task_list(app):
    return find(app, on_screen(lambda n: n.get_name() == 'Tasks' and n.get_role_name() != 'page tab'
                               and n.get_role_name() != 'label'))


def rows(app):
    """(code, state) of each task row on screen."""
    tasks = task_list(app)
    if tasks is None:
        return None
    found = []
    for label in find_all(tasks, on_screen(lambda n: n.get_role_name() == 'label'
                                           and CODE.match(n.get_name() or ''))):
        row = label.get_parent().get_parent().get_parent()
        states = find_all(row, lambda n: n.get_role_name() == 'label' and DAYS_OVERDUE.search(n.get_name() or ''))
        found.append((label.get_name(), states[0].get_name() if states else None, row))
    return found


def counts(app):
    overdue = find(app, on_screen(lambda n: OVERDUE_COUNT.match(n.get_name() or '')
                                  and n.get_role_name() == 'push button'))
    due_soon = find(app, on_screen(lambda n: DUE_SOON_COUNT.match(n.get_name() or '')
                                   and n.get_role_name() == 'push button'))
    if overdue is None or due_soon is None:
        return None
    return overdue, due_soon


def overdue_codes(app):
    found = rows(app)
    if not found:
        return None
    return {code: state for code, state, _ in found}


def run(app, banshi):
    # 1. The Rollout view, by its view switcher tab.
    tab = wait_for('the Rollout tab', lambda: find(app, on_screen(named('page tab', 'Rollout'))))
    do_action(tab, 'click')
    overdue_button, due_soon_button = wait_for('the overdue and due-soon counts', lambda: counts(app))
    n_overdue = int(OVERDUE_COUNT.match(overdue_button.get_name()).group(1))
    n_due_soon = int(DUE_SOON_COUNT.match(due_soon_button.get_name()).group(1))
    log('header:', overdue_button.get_name(), '·', due_soon_button.get_name())
    if n_overdue != len(OVERDUE) or n_due_soon != N_DUE_SOON:
        raise Failure('expected %d overdue and %d due soon on %s, the header says %d and %d'
                      % (len(OVERDUE), N_DUE_SOON, TODAY, n_overdue, n_due_soon))
    everything = wait_for('the task list', lambda: rows(app))
    log('%d task rows on screen before filtering' % len(everything))

    # 2. Only the overdue tasks.
    do_action(overdue_button, 'click')

    def only_overdue():
        found = overdue_codes(app)
        return found if found and set(found) == set(OVERDUE) else None
    try:
        found = wait_for('exactly the overdue tasks %s' % sorted(OVERDUE), only_overdue, timeout=8)
    except Failure:
        raise Failure('the overdue filter shows %s' % overdue_codes(app))
    for code, days in OVERDUE.items():
        state = found[code]
        match = DAYS_OVERDUE.search(state or '')
        if match is None or int(match.group(1)) != days:
            raise Failure('%s should read “%d days overdue”, it reads %r' % (code, days, state))
        log(code, state.replace('\n', ' · '))

    # The timeline draws the same filtered tasks.
    wait_for('the timeline of the 3 overdue tasks',
             lambda: find(app, labelled('Timeline of %d tasks' % len(OVERDUE))), timeout=5)

    shot = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
    if shot and shutil.which('import'):
        time.sleep(1.0)
        subprocess.run(['import', '-window', 'root', shot], check=False)

    # 3. Accept T014: select it, then give it a completion date (Enter),
    # one undoable edit.
    tasks = task_list(app)
    index = next(i for i, (code, _, _) in enumerate(rows(app)) if code == 'T014')
    row = rows(app)[index][2]
    try:
        tasks.select_child(index)
    except Exception:
        pass

    def editor():
        return find(app, on_screen(lambda n: n.get_role_name() in ('entry', 'text')
                                   and n.get_name() == 'Completed on'))
    time.sleep(0.5)
    if editor() is None:
        # No selection through AT-SPI: a click on the row, as a person would.
        extents = row.get_extents(Atspi.CoordType.SCREEN)
        Atspi.generate_mouse_event(extents.x + extents.width // 3, extents.y + extents.height // 2, 'abs')
        time.sleep(0.2)
        Atspi.generate_mouse_event(extents.x + extents.width // 3, extents.y + extents.height // 2, 'b1c')
    entry = wait_for('the “Completed on” field of T014', editor)
    # The field takes the keyboard by a click (no window manager here).
    extents = entry.get_extents(Atspi.CoordType.SCREEN)
    Atspi.generate_mouse_event(extents.x + extents.width // 2, extents.y + extents.height // 2, 'b1c')
    time.sleep(0.3)
    entry.set_text_contents('2026-06-12')
    time.sleep(0.2)
    ui.press_key(0xff0d)  # Return

    def overdue_count():
        buttons = counts(app)
        return int(OVERDUE_COUNT.match(buttons[0].get_name()).group(1)) if buttons else None
    wait_for('T014 to leave the overdue tasks', lambda: overdue_count() == len(OVERDUE) - 1
             and set(overdue_codes(app) or ()) == set(OVERDUE) - {'T014'}, timeout=8)
    log('accepted T014 on 2026-06-12:', counts(app)[0].get_name())

    # 4. Ctrl+Z, through the window, brings it back.
    Atspi.generate_mouse_event(600, 300, 'abs')
    time.sleep(0.3)
    ui.press_ctrl_z()
    wait_for('Ctrl+Z to make T014 overdue again', lambda: overdue_count() == len(OVERDUE)
             and set(overdue_codes(app) or ()) == set(OVERDUE), timeout=8)
    log('undone:', counts(app)[0].get_name())


if __name__ == '__main__':
    ui.run = run
    os.environ['BANSHI_TODAY'] = TODAY
    sys.exit(ui.main())
