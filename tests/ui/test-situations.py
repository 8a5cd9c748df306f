#!/usr/bin/env python3
# test-situations.py: a theme's personalisation over AT-SPI, the way a
# screen reader user would do it: open 开餐馆, go to its Situations page,
# make a new question with two options in the question dialog, say with the
# condition dialog that an item applies only for one of them, read the
# sentence the page then shows for the item, and take it back with Ctrl+Z
# (a second Ctrl+Z takes back the question: adding it was one step).
#
# Usage: test-situations.py PATH-TO-BANSHI. Shares its helpers with
# test-ui.py. Works whether or not the demo has questions already.
# BANSHI_UI_TEST_SCREENSHOT=PREFIX takes screenshots PREFIX-page.png,
# PREFIX-question.png, PREFIX-condition.png and PREFIX-after.png.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
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

# The new question: a code no demo question has.
PROMPT = '是否在门前设置外摆座位？'
CODE = 'ui-test-outdoor-seating'
OPTIONS = [('yes', '设置外摆'), ('no', '不设置')]
# The item whose condition changes: one the demo's 开餐馆 surely has.
ITEM_WORDS = ('食品经营许可',)
SENTENCE = 'Only when %s is “%s”' % (PROMPT, OPTIONS[0][1])


def screenshot(name):
    prefix = os.environ.get('BANSHI_UI_TEST_SCREENSHOT')
    if prefix and shutil.which('import'):
        time.sleep(1.0)
        subprocess.run(['import', '-window', 'root', '%s-%s.png' % (prefix, name)], check=False)


def button(root, prefix):
    """A clickable widget whose accessible name starts with @prefix."""
    return find(root, on_screen(lambda n: (n.get_name() or '').startswith(prefix)
                                and n.get_n_actions() > 0 and n.get_role_name() in ('push button', 'toggle button',
                                                                                       'check box')))


def window(app, title):
    """A top-level window of the program (AdwWindow is a "filler")."""
    return next((w for w in ui.children(app) if w.get_name() == title), None)


def text_button(root, label):
    """A button showing @label; GTK 4.8 names it by its accessible label
    followed by the text it shows."""
    return find(root, on_screen(lambda n: n.get_role_name() == 'push button'
                                and n.get_name() in (label, '%s %s' % (label, label))
                                and n.get_state_set().contains(Atspi.StateType.SENSITIVE)))


def question_names(app):
    lst = find(app, labelled('Questions of the theme'))
    if lst is None:
        return None
    return [row.get_name() for row in find_all(lst, named('list item')) if row.get_name()]


def item_rows(app):
    lst = find(app, labelled('When the items apply'))
    return find_all(lst, named('list item')) if lst is not None else None


def item_sentence(app, item):
    """The second label of the item's row: its condition as a sentence."""
    for row in item_rows(app) or []:
        if row.get_name() == item:
            labels = [n.get_name() for n in find_all(row, named('label'))]
            return labels[1] if len(labels) > 1 else None
    return None


def fill(entry_row, text):
    """An entry row's text, through its editable text."""
    editable = find(entry_row, lambda n: n.get_role_name() in ('text', 'entry') and n != entry_row) or entry_row
    editable.set_text_contents(text)


def entry_row(root, name):
    """An entry row by its accessible label (GTK 4.8 appends its title)."""
    return find(root, on_screen(lambda n: n.get_role_name() == 'text'
                                and (n.get_name() == name or (n.get_name() or '').startswith(name + ' '))))


def scroll_into_view(node, scroller):
    """Scrolls @scroller with the mouse wheel (xdotool) until @node is inside
    it; returns the middle of @node. Without a window manager every window
    is at the screen's top-left corner, so window coordinates are the
    screen's."""
    view = scroller.get_extents(Atspi.CoordType.WINDOW)
    for _ in range(80):
        box = node.get_extents(Atspi.CoordType.WINDOW)
        if box.y >= view.y and box.y + box.height <= view.y + view.height:
            return box.x + box.width // 2, box.y + box.height // 2
        wheel = '5' if box.y + box.height > view.y + view.height else '4'
        subprocess.run(['xdotool', 'mousemove', str(view.x + view.width // 2), str(view.y + view.height // 2),
                        'click', wheel], check=True)
        time.sleep(0.1)
    raise Failure('could not scroll “%s” into view' % node.get_name())


def click_in_view(node, scroller):
    """Clicks the middle of @node with the mouse: GTK 4.8 offers no AT-SPI
    action on check buttons or expander rows."""
    x, y = scroll_into_view(node, scroller)
    subprocess.run(['xdotool', 'mousemove', str(x), str(y), 'sleep', '0.1', 'click', '1'], check=True)


def run(app, banshi):
    if shutil.which('xdotool') is None:
        raise Failure('xdotool is missing (build-aux/debian-packages.txt lists it)')

    # 1. The theme's Situations page.
    themes_tab = wait_for('the Themes tab', lambda: find(app, on_screen(named('page tab', 'Themes'))))
    do_action(themes_tab, 'click')
    do_action(wait_for('the Search button', lambda: find(app, named('push button', 'Search'))), 'click')
    wait_for('the search entry', lambda: find(app, named('entry', 'Search the list'))).set_text_contents(ui.THEME)

    def theme_row():
        sidebar = find(app, labelled('Categories and themes'))
        return sidebar and find(sidebar, named('panel', ui.THEME))
    do_action(wait_for('the theme in the sidebar', theme_row), 'row.activate')
    tab = wait_for('the Situations tab', lambda: find(app, on_screen(
        lambda n: n.get_name() == 'Situations' and n.get_n_actions() > 0)))
    do_action(tab, 'click')
    rows = wait_for('the items of %s on the Situations page' % ui.THEME,
                    lambda: (lambda r: r if r else None)(item_rows(app)))
    items = [r.get_name() for r in rows]
    item = next((name for name in items if any(w in name for w in ITEM_WORDS)), None)
    if item is None:
        raise Failure('%s has no item with %s: %s' % (ui.THEME, ITEM_WORDS, items))
    before_questions = question_names(app) or []
    before_sentence = item_sentence(app, item)
    log('%d questions, %d items; %s: %s' % (len(before_questions), len(items), item, before_sentence))
    if PROMPT in before_questions:
        raise Failure('the demo asks “%s” already' % PROMPT)
    screenshot('page')

    # 2. A new question, through Add Question… → New Question….
    do_action(wait_for('the Add Question button', lambda: button(app, 'Add Question')), 'click')
    do_action(wait_for('New Question…', lambda: button(app, 'New Question')), 'click')
    dialog = wait_for('the question dialog', lambda: window(app, 'New Question'))
    fill(wait_for('the Question field', lambda: entry_row(dialog, 'Question')), PROMPT)
    fill(entry_row(dialog, 'Code'), CODE)
    add_option = wait_for('Add Option', lambda: button(dialog, 'Add Option'))
    for number, (code, label) in enumerate(OPTIONS, 1):
        do_action(add_option, 'click')
        fill(wait_for('option %d’s label' % number, lambda: entry_row(dialog, 'Label of option %d' % number)), label)
        fill(entry_row(dialog, 'Code of option %d' % number), code)
    add = wait_for('the Add button', lambda: text_button(dialog, 'Add'))
    screenshot('question')
    do_action(add, 'click')
    wait_for('the dialog to close', lambda: window(app, 'New Question') is None)
    names = wait_for('“%s” on the page' % PROMPT,
                     lambda: (lambda q: q if q and PROMPT in q else None)(question_names(app)))
    if names[:len(before_questions)] != before_questions or names[-1] != PROMPT:
        raise Failure('the questions are now %s (before: %s)' % (names, before_questions))
    log('added the question:', PROMPT)

    # 3. The item applies only when the first option is chosen.
    do_action(wait_for('the Edit button of %s' % item, lambda: button(app, 'Edit when “%s” applies' % item)),
              'click')
    title = 'When does “%s” apply?' % item
    dialog = wait_for('the condition dialog', lambda: window(app, title))
    # Its condition is replaced by one case: Always first.
    always = find(dialog, on_screen(lambda n: (n.get_name() or '').startswith('Always')
                                    and n.get_role_name() == 'push button'
                                    and n.get_state_set().contains(Atspi.StateType.SENSITIVE)))
    if always is not None:
        do_action(always, 'click')
    do_action(wait_for('Add a Case', lambda: button(dialog, 'Add a Case')), 'click')
    scroller = wait_for('the dialog’s scroller', lambda: find(dialog, named('scroll pane')))
    case = wait_for('case 1', lambda: find(dialog, named('list', 'Case 1')))
    check_name = 'Case 1: %s %s' % (PROMPT, OPTIONS[0][1])

    def check_box():
        # GTK 4.8 appends the row's title to the check's accessible label.
        return find(case, on_screen(lambda n: n.get_role_name() == 'check box'
                                    and (n.get_name() or '').startswith(check_name)))
    if check_box() is None:
        # The question's options are folded: open its row.
        click_in_view(wait_for('the row of “%s”' % PROMPT, lambda: find(case, named('list item', PROMPT))),
                      scroller)
    click_in_view(wait_for('the check of “%s”' % OPTIONS[0][1], check_box), scroller)
    wait_for('the dialog’s sentence', lambda: find(dialog, on_screen(named('label', SENTENCE))))
    screenshot('condition')
    do_action(wait_for('Save', lambda: text_button(dialog, 'Save')), 'click')
    wait_for('the dialog to close', lambda: window(app, title) is None)
    wait_for('the page to show “%s” for %s' % (SENTENCE, item), lambda: item_sentence(app, item) == SENTENCE)
    log('%s: %s' % (item, SENTENCE))
    if os.environ.get('BANSHI_UI_TEST_SCREENSHOT'):
        row = next(r for r in item_rows(app) if r.get_name() == item)
        page = find(app, on_screen(lambda n: n.get_role_name() == 'scroll pane'
                                   and find(n, labelled('When the items apply')) is not None))
        scroll_into_view(row, page)
        screenshot('after')

    # 4. Ctrl+Z takes back the condition, then the question. The pointer
    # goes over the window so that the X server (no window manager here)
    # gives it the keyboard. The search entry would take Ctrl+Z for itself:
    # if it has the keyboard, Escape closes it (only then: in a narrow
    # window Escape elsewhere goes back to the list of themes).
    Atspi.generate_mouse_event(300, 400, 'abs')
    time.sleep(0.5)

    def search_focused():
        entry = find(app, named('entry', 'Search the list'))
        return entry is not None and entry.get_state_set().contains(Atspi.StateType.FOCUSED)
    if search_focused():
        ui.press_key(0xff1b)  # Escape
        wait_for('the search to close', lambda: not search_focused())
    ui.press_ctrl_z()
    wait_for('Ctrl+Z to restore the condition of %s' % item,
             lambda: item_sentence(app, item) == before_sentence, timeout=8)
    if PROMPT not in (question_names(app) or []):
        raise Failure('Ctrl+Z took back more than the condition: %s' % question_names(app))
    log('Ctrl+Z restored:', before_sentence)
    ui.press_ctrl_z()
    wait_for('a second Ctrl+Z to take back the question',
             lambda: (question_names(app) or []) == before_questions, timeout=8)
    log('a second Ctrl+Z took back the question')


if __name__ == '__main__':
    ui.run = run
    sys.exit(ui.main())
