#!/usr/bin/env python3
# test-ui.py: starts the real `banshi` on a fresh copy of the demo catalogue
# and drives it over AT-SPI the way a screen reader user would: open the
# Themes view, search for 开餐馆 and open it, read the theme's items, remove
# one from the theme and bring it back with Ctrl+Z.
#
# Usage: test-ui.py PATH-TO-BANSHI (meson passes it, with BANSHI_DEMO_JSON
# and, when the build has it, GSETTINGS_SCHEMA_DIR in the environment).
# Exit 77 (skipped) without a display or without AT-SPI for Python.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import collections
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings

warnings.simplefilter('ignore', DeprecationWarning)

SKIP = 77
THEME = '开餐馆'
# Substrings of item names, each with its alternatives: the business
# licence (营业执照) is issued by the item 企业设立登记 in the demo.
EXPECTED = [('营业执照', '设立登记'), ('食品经营许可',)]
MIN_ITEMS = 6
DEADLINE = time.monotonic() + 55          # the whole test, under a minute


def log(*args):
    print('test-ui:', *args, flush=True)


def skip(reason):
    log('SKIP:', reason)
    sys.exit(SKIP)


class Failure(Exception):
    pass


if not os.environ.get('DISPLAY'):
    skip('no display (run under xvfb-run)')

# A private session bus if the caller did not give one: the accessibility
# bus is started through it.
if not os.environ.get('DBUS_SESSION_BUS_ADDRESS') and not os.environ.get('BANSHI_UI_TEST_IN_DBUS'):
    dbus_run_session = shutil.which('dbus-run-session')
    if dbus_run_session is None:
        skip('no session bus and no dbus-run-session')
    os.environ['BANSHI_UI_TEST_IN_DBUS'] = '1'
    os.execv(dbus_run_session, [dbus_run_session, '--', sys.executable] + sys.argv)

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi
except (ImportError, ValueError) as e:
    # A Python of its own (pyenv, a venv) first in PATH lacks the system's
    # bindings: use the system's Python.
    system_python = '/usr/bin/python3'
    if os.path.realpath(sys.executable) != os.path.realpath(system_python) and os.access(system_python, os.X_OK):
        os.execv(system_python, [system_python] + sys.argv)
    skip('AT-SPI for Python is missing (python3-gi, gir1.2-atspi-2.0): %s' % e)

if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
    log('usage: test-ui.py PATH-TO-BANSHI')
    sys.exit(2)
BANSHI = sys.argv[1]


# AT-SPI helpers ------------------------------------------------------------

def wait_for(what, func, timeout=15.0, interval=0.2):
    """Polls func() until it returns something true, or fails."""
    end = min(time.monotonic() + timeout, DEADLINE)
    last_error = None
    while True:
        try:
            result = func()
            if result:
                return result
        except Exception as e:  # the tree changes under our feet
            last_error = e
        if time.monotonic() > end:
            raise Failure('timed out waiting for %s%s' % (
                what, ' (%s)' % last_error if last_error else ''))
        time.sleep(interval)


def children(obj):
    for i in range(obj.get_child_count()):
        child = obj.get_child_at_index(i)
        if child is not None:
            yield child


def walk(obj, max_depth=60):
    """Breadth first: the header bar's buttons come before the lists."""
    queue = collections.deque([(obj, 0)])
    while queue:
        node, depth = queue.popleft()
        yield node
        if depth < max_depth:
            queue.extend((child, depth + 1) for child in children(node))


def find(root, predicate):
    for node in walk(root):
        try:
            if predicate(node):
                return node
        except Exception:
            pass
    return None


def find_all(root, predicate):
    found = []
    for node in walk(root):
        try:
            if predicate(node):
                found.append(node)
        except Exception:
            pass
    return found


def named(role, name=None, prefix=None):
    def predicate(node):
        if node.get_role_name() != role:
            return False
        node_name = node.get_name() or ''
        if name is not None:
            return node_name == name
        if prefix is not None:
            return node_name.startswith(prefix)
        return True
    return predicate


def labelled(name):
    """Any widget with this accessible name (lists are tables for AT-SPI)."""
    return lambda node: node.get_name() == name


def on_screen(predicate):
    """The same, among the widgets that have a size (not hidden ones)."""
    def check(node):
        if not predicate(node):
            return False
        extents = node.get_extents(Atspi.CoordType.WINDOW)
        return extents.width > 0 and extents.height > 0
    return check


def button(text):
    """A button showing @text, on screen. GTK 4.8 names a button with a
    mnemonic label after the label with and without its underline
    (“_Add Add”), so the name may end with the text."""
    def predicate(node):
        if node.get_role_name() not in ('push button', 'toggle button'):
            return False
        name = node.get_name() or ''
        return name == text or name.endswith(' ' + text)
    return on_screen(predicate)


def click(obj):
    """A pointer click in the middle of @obj: without a window manager, a
    dialog gets the keyboard only so."""
    extents = obj.get_extents(Atspi.CoordType.SCREEN)
    x, y = extents.x + extents.width // 2, extents.y + extents.height // 2
    Atspi.generate_mouse_event(x, y, 'abs')
    time.sleep(0.1)
    Atspi.generate_mouse_event(x, y, 'b1c')
    time.sleep(0.3)


def window_of(node):
    """The top-level window holding @node: the application's child."""
    while node is not None:
        parent = node.get_parent()
        if parent is None or parent.get_role_name() == 'application':
            return node
        node = parent
    return None


def dialog_with(app, text):
    """The dialog (a window of its own) that has a button showing @text."""
    found = find(app, button(text))
    return window_of(found) if found is not None else None


def do_action(obj, action_name):
    for i in range(obj.get_n_actions()):
        if obj.get_action_name(i) == action_name:
            return obj.do_action(i)
    names = [obj.get_action_name(i) for i in range(obj.get_n_actions())]
    raise Failure('%s “%s” has no action %s (it has %s)' % (
        obj.get_role_name(), obj.get_name(), action_name, names))


def find_application(pid):
    def lookup():
        desktop = Atspi.get_desktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == pid:
                    return app
            except Exception:
                pass
        return None
    return wait_for('the application on the accessibility bus', lookup, timeout=25)


def press_key(keysym):
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)


# Keycodes of Xvfb's default (evdev, US) keymap: holding a modifier needs
# keycodes, AT-SPI synthesizes keysyms only as a whole press and release.
KEYCODE_CONTROL_L = 37
KEYCODE_Z = 52


def press_ctrl_z():
    """Ctrl+Z through the X server, as a person would type it."""
    Atspi.generate_keyboard_event(KEYCODE_CONTROL_L, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(KEYCODE_Z, None, Atspi.KeySynthType.PRESSRELEASE)
    Atspi.generate_keyboard_event(KEYCODE_CONTROL_L, None, Atspi.KeySynthType.RELEASE)


def theme_item_names(app):
    group = find(app, named('panel', 'Items of the theme'))
    if group is None:
        return None
    rows = find_all(group, named('list item'))
    return [row.get_name() for row in rows if row.get_name()]


# The test ------------------------------------------------------------------

def run(app, banshi):
    # 1. The Themes view, by its view switcher tab.
    themes_tab = wait_for('the Themes tab', lambda: find(app, on_screen(named('page tab', 'Themes'))))
    do_action(themes_tab, 'click')
    wait_for('the Themes view', lambda: find(app, on_screen(labelled('Categories and themes'))))
    log('opened the Themes view')

    # 2. Search the sidebar for the theme and open it.
    search_button = wait_for('the Search button', lambda: find(app, named('push button', 'Search')))
    do_action(search_button, 'click')
    entry = wait_for('the search entry', lambda: find(app, named('entry', 'Search the list')))
    entry.set_text_contents(THEME)
    log('searched for', THEME)

    def theme_row():
        sidebar = find(app, labelled('Categories and themes'))
        return sidebar and find(sidebar, named('panel', THEME))
    row = wait_for('the theme %s in the sidebar' % THEME, theme_row)
    do_action(row, 'row.activate')
    log('opened', THEME)

    # 3. Its items, read from the page.
    def enough_items():
        names = theme_item_names(app)
        return names if names and len(names) >= MIN_ITEMS else None
    names = wait_for('at least %d items in %s' % (MIN_ITEMS, THEME), enough_items)
    log('%d items:' % len(names), '、'.join(names))
    for alternatives in EXPECTED:
        if not any(word in name for word in alternatives for name in names):
            raise Failure('no item of %s contains “%s”: %s' % (THEME, '” or “'.join(alternatives), names))

    shot = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
    if shot and shutil.which('import'):
        time.sleep(1)
        subprocess.run(['import', '-window', 'root', shot], check=False)

    # 4. One edit through the UI: remove an item from the theme.
    victim = names[0]
    button = wait_for('the remove button of “%s”' % victim,
                      lambda: find(app, named('push button', 'Remove “%s” from the theme' % victim)))
    do_action(button, 'click')
    wait_for('“%s” to leave the theme' % victim,
             lambda: (lambda n: n is not None and victim not in n and len(n) == len(names) - 1)(theme_item_names(app)))
    log('removed', victim)

    # 5. Ctrl+Z brings it back. The pointer goes over the window so that
    # the X server (no window manager here) gives it the keyboard; Escape
    # first closes the search, whose entry would take Ctrl+Z for itself.
    Atspi.generate_mouse_event(400, 300, 'abs')
    time.sleep(0.3)
    press_key(0xff1b)  # Escape
    wait_for('the search to close', lambda: theme_item_names(app) is not None
             and not find(app, lambda n: n.get_role_name() == 'entry' and n.get_name() == 'Search the list'
                          and n.get_state_set().contains(Atspi.StateType.FOCUSED)))
    press_ctrl_z()
    try:
        wait_for('Ctrl+Z to restore “%s”' % victim,
                 lambda: (lambda n: n is not None and sorted(n) == sorted(names))(theme_item_names(app)),
                 timeout=8)
        log('Ctrl+Z restored', victim)
    except Failure as e:
        raise Failure('%s; the undo button says: %s' % (
            e, [b.get_name() for b in find_all(app, named('push button', prefix='Undo'))]))


def main(arguments=()):
    """Starts banshi (with @arguments: files to open) and calls run()."""
    home = tempfile.mkdtemp(prefix='banshi-ui-test-')
    env = dict(os.environ)
    for key in ('NO_AT_BRIDGE', 'GTK_A11Y', 'LANGUAGE', 'LC_ALL'):
        env.pop(key, None)
    env.update({
        'XDG_DATA_HOME': os.path.join(home, 'data'),
        'XDG_CONFIG_HOME': os.path.join(home, 'config'),
        'XDG_CACHE_HOME': os.path.join(home, 'cache'),
        'GSETTINGS_BACKEND': 'memory',
        'LANG': 'C.UTF-8',
        'G_MESSAGES_DEBUG': 'Banshi',
    })
    env.setdefault('BANSHI_WINDOW_SIZE', '1200x760')
    log_path = os.path.join(home, 'banshi.log')
    Atspi.set_timeout(5000, 10000)
    # Starts the accessibility bus and registry before the program looks
    # for them.
    Atspi.get_desktop(0).get_child_count()
    with open(log_path, 'w') as log_file:
        process = subprocess.Popen([BANSHI, *arguments], env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    status = 1
    try:
        app = find_application(process.pid)
        run(app, BANSHI)
        with open(log_path) as f:
            output = f.read()
        if 'startup: first frame after' not in output:
            raise Failure('no startup timing line in the log')
        criticals = [line for line in output.splitlines() if '-CRITICAL' in line]
        if criticals:
            raise Failure('the program logged criticals: %s' % criticals[:3])
        if not arguments and not os.path.exists(os.path.join(home, 'data', 'banshi', 'demo.banshi')):
            raise Failure('the demo was not copied into the user data folder')
        log('PASS')
        status = 0
    except Failure as e:
        log('FAIL:', e)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if status != 0:
            with open(log_path) as f:
                sys.stdout.write(f.read()[-4000:])
        shutil.rmtree(home, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
