#!/usr/bin/env python3
# test-empty.py: the window with no catalogue, over AT-SPI. Banshi started
# on a file that is not a catalogue says so in a dialog and shows its empty
# state; there, the main menu's Save As…, Import Items… and Import Handling
# Records… are unavailable (a screen reader reads them as disabled), and
# Open the Demo makes them available.
#
# Usage: test-empty.py PATH-TO-BANSHI. Shares its helpers with test-ui.py.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import shutil
import sys
import tempfile
import time

_here = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('banshi_test_ui', os.path.join(_here, 'test-ui.py'))
ui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ui)

Atspi = ui.Atspi
Failure = ui.Failure
log = ui.log
find = ui.find
named = ui.named
on_screen = ui.on_screen
wait_for = ui.wait_for
do_action = ui.do_action
button = ui.button
click = ui.click

NEEDING_A_CATALOGUE = ['Save As…', 'Import Items…', 'Import Handling Records…']


def menu_states(app):
    """Opens the main menu and reads whether each item that needs a
    catalogue is enabled; closes the menu again."""
    menu_button = wait_for('the main menu button',
                           lambda: find(app, on_screen(lambda n: n.get_name() == 'Main Menu' and n.get_n_actions() > 0)))
    do_action(menu_button, 'click')
    states = {}
    for label in NEEDING_A_CATALOGUE:
        item = wait_for('the menu item “%s”' % label,
                        lambda label=label: find(app, on_screen(lambda n: n.get_role_name() == 'menu item'
                                                                and n.get_name() in (label, label.replace('…', '...')))))
        states[label] = item.get_state_set().contains(Atspi.StateType.SENSITIVE)
    ui.press_key(0xff1b)  # Escape closes the menu
    wait_for('the menu to close', lambda: not find(app, on_screen(lambda n: n.get_role_name() == 'menu item'
                                                                  and n.get_name() == NEEDING_A_CATALOGUE[0])))
    return states


def run(app, banshi):
    # 1. The file is refused, with the reason, and the window is empty.
    wait_for('the error about the file', lambda: find(app, on_screen(named('label', prefix='“'))))
    message = find(app, on_screen(lambda n: n.get_role_name() == 'label' and 'is not a Banshi catalogue'
                                  in (n.get_name() or '')))
    if message is None:
        raise Failure('no “is not a Banshi catalogue” in the error dialog')
    text = message.get_name()
    do_action(wait_for('the Close button', lambda: find(app, button('Close'))), 'click')
    wait_for('the empty state', lambda: find(app, on_screen(named('label', 'No Catalogue Open'))))
    log('refused, with:', text)

    # 2. No catalogue: the items that need one are disabled.
    Atspi.generate_mouse_event(400, 300, 'abs')
    time.sleep(0.3)
    states = menu_states(app)
    if any(states.values()):
        raise Failure('without a catalogue these menu items are enabled: %s' %
                      [label for label, enabled in states.items() if enabled])
    log('without a catalogue, disabled:', ', '.join(states))

    # 3. The demo opened: they are enabled.
    do_action(wait_for('Open the Demo', lambda: find(app, on_screen(button('Open the Demo')))), 'click')
    wait_for('the demo', lambda: find(app, on_screen(named('page tab', 'Themes'))))
    states = menu_states(app)
    if not all(states.values()):
        raise Failure('with the demo open these menu items are disabled: %s' %
                      [label for label, enabled in states.items() if not enabled])
    log('with the demo open, enabled:', ', '.join(states))


if __name__ == '__main__':
    folder = tempfile.mkdtemp(prefix='banshi-empty-')
    try:
        path = os.path.join(folder, 'notes.txt')
        with open(path, 'w') as f:
            f.write('not a catalogue\n')
        ui.run = run
        status = ui.main([path])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(status)
