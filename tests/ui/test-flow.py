#!/usr/bin/env python3
# test-flow.py: the flow page of 开餐馆 over AT-SPI, the way a screen reader
# user would reach it: open the theme, switch to its Flow view, read the
# problems count and the summary, select an item with the keyboard, add a
# prerequisite through "Connect to…" and see the summary change; Ctrl+Z
# brings the flow back. Then the side pane: with 企业设立登记 selected it
# shows its name and its prerequisite 企业名称自主申报, "Connect to…" does not
# offer 企业名称自主申报 (that edge would close a cycle), and clicking the
# prerequisite in the pane selects it on the canvas. Last, the mouse (with
# xdotool): dragging 企业设立登记 onto 企业名称自主申报 is refused with the
# cycle it would close; dragging between two unrelated items adds a
# prerequisite.
#
# Usage: test-flow.py PATH-TO-BANSHI. Shares its helpers with test-ui.py.
# BANSHI_UI_TEST_SCREENSHOT=FILE.png takes a screenshot of the flow page,
# BANSHI_UI_TEST_SCREENSHOT_SELECTED=FILE.png one with 企业设立登记 selected.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
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

    # 6. The side pane shows the selected item: select 企业设立登记 with the
    # keyboard (Escape clears the selection, Tab goes from the first item).
    target, prerequisite = '企业设立登记', '企业名称自主申报'

    def pane():
        return find(app, on_screen(lambda n: n.get_name() == 'Selected item' and n.get_role_name() != 'label'))
    wait_for('the side pane', pane)
    # The canvas kept the keyboard focus since "Connect to…".
    wait_for('the canvas to have the focus',
             lambda: canvas.get_state_set().contains(Atspi.StateType.FOCUSED))
    for _ in range(3):
        ui.press_key(0xff1b)  # Escape
        try:
            wait_for('Escape to clear the selection', lambda: not canvas.get_description(), timeout=3)
            break
        except Failure:
            pass
    else:
        raise Failure('Escape did not clear the selection: %s' % canvas.get_description())
    description = ''
    for _ in range(20):
        previous = description
        ui.press_key(0xff09)
        # One Tab at a time: wait until this one moved the selection.
        description = wait_for('Tab to select an item', lambda: (
            lambda d: d if d and d != previous else None)(canvas.get_description()))
        if description.startswith(target + ','):
            break
    else:
        raise Failure('Tab never selected %s' % target)
    log('selected with Tab:', description)

    def in_button(node, root):
        while node is not None and node != root:
            if node.get_role_name() == 'push button':
                return True
            node = node.get_parent()
        return False

    def pane_shows(name):
        # The selected item's name: a label of the pane outside the buttons
        # (those are its prerequisites and dependants).
        side = pane()
        return side is not None and any(
            not in_button(n, side)
            for n in find_all(side, on_screen(lambda n: n.get_role_name() == 'label' and n.get_name() == name)))
    def pane_labels():
        side = pane()
        return [(n.get_name(), in_button(n, side), n.get_extents(Atspi.CoordType.WINDOW).width)
                for n in find_all(side, lambda n: n.get_role_name() == 'label')] if side else None
    try:
        wait_for('the side pane to show %s' % target, lambda: pane_shows(target))
    except Failure:
        raise Failure('the side pane does not show %s: %s' % (target, pane_labels()))

    def pane_list(name):
        side = pane()
        return side and find(side, lambda n: n.get_name() == name and n.get_role_name() != 'label')
    prerequisites = wait_for('its prerequisites in the side pane', lambda: pane_list('Prerequisites'))
    names = [n.get_name() for n in find_all(prerequisites, named('push button'))]
    log('prerequisites in the side pane:', names)
    if not any(n.startswith(prerequisite) for n in names):
        raise Failure('the side pane does not list %s among the prerequisites of %s: %s'
                      % (prerequisite, target, names))
    dependants = pane_list('Dependants')
    if dependants is None or not find_all(dependants, named('push button')):
        raise Failure('the side pane lists no dependants of %s' % target)
    if find(pane(), named('push button', prefix='Open Item')) is None:
        raise Failure('the side pane has no Open Item button')

    shot = os.environ.get('BANSHI_UI_TEST_SCREENSHOT_SELECTED')
    if shot and shutil.which('import'):
        time.sleep(1.0)
        subprocess.run(['import', '-window', 'root', shot], check=False)

    # 7. Connect to… never offers an item that would close a cycle:
    # 企业名称自主申报 → 企业设立登记 exists, so not the other way round.
    do_action(connect, 'click')
    targets = wait_for('the items offered', lambda: find(app, on_screen(labelled('Items that may need it'))))
    wait_for('an item offered', lambda: find(targets, on_screen(named('push button'))))
    offered = [n.get_name() for n in find_all(targets, on_screen(named('push button')))]
    log('offered:', offered)
    if any(n.startswith(prerequisite) or n.startswith(target + ',') for n in offered):
        raise Failure('Connect to… offers an item that would close a cycle: %s' % offered)
    # The button again closes the popover. (Escape would too, but without
    # a window manager the X server sends the keys to the main window.)
    do_action(connect, 'click')
    wait_for('the popover to close', lambda: not find(app, on_screen(labelled('Items that may need it'))))

    # 8. A prerequisite in the side pane selects it on the canvas.
    row = wait_for('the prerequisite’s button', lambda: (lambda l: l and find(
        l, named('push button', prefix=prerequisite)))(pane_list('Prerequisites')))
    do_action(row, 'click')
    wait_for('the prerequisite to be selected',
             lambda: (canvas.get_description() or '').startswith(prerequisite + ','))
    wait_for('the side pane to show %s' % prerequisite, lambda: pane_shows(prerequisite))
    log('the side pane selected', prerequisite)

    # 9. Drawing with the mouse: a drag from 企业设立登记 onto
    # 企业名称自主申报 would close a cycle and is refused with the reason;
    # a drag between two unrelated items adds a prerequisite (Ctrl+Z takes
    # it back). The canvas writes where it drew each node to
    # BANSHI_TEST_FLOW_NODES.
    fit = wait_for('the Fit button', lambda: find(app, on_screen(
        lambda n: n.get_name() == 'Fit to Window' and n.get_n_actions() > 0)))
    do_action(fit, 'click')
    time.sleep(0.5)
    # GTK 4 reports window coordinates only; without a window manager
    # (Xvfb here) the window is at the screen's top-left corner.
    origin = canvas.get_extents(Atspi.CoordType.WINDOW)

    def boxes():
        try:
            with open(os.environ['BANSHI_TEST_FLOW_NODES'], encoding='utf-8') as f:
                lines = [line.split('\t') for line in f.read().splitlines()]
        except OSError:
            return None
        return {name: tuple(float(v) for v in rest) for name, *rest in lines}

    def centre(name):
        x, y, w, h = boxes()[name]
        if not (0 <= x and x + w <= origin.width and 0 <= y and y + h <= origin.height):
            raise Failure('%s is not wholly in view after Fit: %s in %s×%s'
                          % (name, (x, y, w, h), origin.width, origin.height))
        return int(origin.x + x + w / 2), int(origin.y + y + h / 2)

    if shutil.which('xdotool') is None:
        raise Failure('xdotool is missing (build-aux/debian-packages.txt lists it)')

    def drag(a, b):
        (x1, y1), (x2, y2) = centre(a), centre(b)
        log('dragging from %s (%d, %d) to %s (%d, %d)' % (a, x1, y1, b, x2, y2))
        # Through the X server with xdotool: AT-SPI's synthesized presses
        # and motions reach GTK out of order.
        steps = []
        for i in range(1, 11):
            steps += ['mousemove', str(x1 + (x2 - x1) * i // 10), str(y1 + (y2 - y1) * i // 10), 'sleep', '0.03']
        subprocess.run(['xdotool', 'mousemove', str(x1), str(y1), 'sleep', '0.2', 'mousedown', '1', 'sleep', '0.1']
                       + steps + ['sleep', '0.1', 'mouseup', '1'], check=True)

    wait_for('the node boxes', lambda: boxes() and target in boxes() and prerequisite in boxes())
    before_edges = n_prerequisites(app)
    drag(target, prerequisite)
    refusal = wait_for('the refusal', lambda: find(app, on_screen(
        lambda n: n.get_role_name() == 'label' and 'would close the cycle' in (n.get_name() or ''))))
    log('refused:', refusal.get_name())
    if prerequisite not in refusal.get_name() or target not in refusal.get_name():
        raise Failure('the refusal does not name the cycle’s items: %s' % refusal.get_name())
    time.sleep(0.5)
    if n_prerequisites(app) != before_edges:
        raise Failure('a prerequisite closing a cycle was added: %s' % summary(app))

    # Two items neither of which leads to the other: the flow's sources.
    a, b = '从业人员预防性健康检查（健康证明）', '企业名称自主申报'
    drag(a, b)
    wait_for('the dragged prerequisite to be added', lambda: n_prerequisites(app) == before_edges + 1)
    log('dragged %s onto %s: %s' % (a, b, summary(app).replace('\n', ' | ')))
    ui.press_ctrl_z()
    wait_for('Ctrl+Z to take it back', lambda: n_prerequisites(app) == before_edges, timeout=8)


if __name__ == '__main__':
    ui.run = run
    nodes = tempfile.NamedTemporaryFile(prefix='banshi-flow-nodes-', suffix='.tsv', delete=False)
    nodes.close()
    os.unlink(nodes.name)
    os.environ['BANSHI_TEST_FLOW_NODES'] = nodes.name
    try:
        status = ui.main()
    finally:
        if os.path.exists(nodes.name):
            os.unlink(nodes.name)
    sys.exit(status)
