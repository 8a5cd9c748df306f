#!/usr/bin/env python3
# test-preview.py: the citizen preview of 开餐馆 over AT-SPI and the mouse:
# open the theme's Preview view, answer the questions one at a time by
# clicking their radio and check buttons (xdotool) and Continue, and read the
# steps of the result. Answer set 1 sells cigarettes: the tobacco licence
# (the demo's item whose condition names the question about cigarettes) is a
# step, and the flow graph under the steps holds exactly the steps. Taking
# the licence out of the theme in the Items view shows in the preview, still
# on the result (the answers kept), and Undo brings it back. Answer set 2
# (through Change Answers, with Back on the way, whose answer must still be
# ticked) does not sell cigarettes: the same steps but the licence. A step
# expanded shows its materials, the business licence as "From step N" (an
# earlier step gives it). Last, presentation mode: Present opens a window
# with the same steps; Start Again there and Escape bring the preview back to
# question 1 with nothing ticked; F5 opens it again, where Tab, Space and
# Enter answer question 1, and Escape: the preview has that answer.
#
# The questions and options come from the demo (BANSHI_DEMO_JSON): the test
# looks each question up by its prompt, and answers it with the options of
# the tobacco licence's condition when it names them, else with the first
# option (single choice) or none (multiple choice).
#
# Usage: test-preview.py PATH-TO-BANSHI. Shares its helpers with test-ui.py.
# Screenshots (each when its variable names a PNG file):
#   BANSHI_UI_TEST_SCREENSHOT_QUESTION      the first question;
#   BANSHI_UI_TEST_SCREENSHOT_RESULT        the result with a step expanded;
#   BANSHI_UI_TEST_SCREENSHOT_GRAPH         the result scrolled to the graph;
#   BANSHI_UI_TEST_SCREENSHOT_PRESENTATION  presentation mode.
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

COUNTER = re.compile(r'^Question (\d+) of (\d+)$')
KEY_ESCAPE = 0xff1b
KEY_F5 = 0xffc2
KEY_RETURN = 0xff0d
KEY_SPACE = 0x20
KEY_TAB = 0xff09


# The demo --------------------------------------------------------------------

class Demo:
    """The theme's questions, items and conditions, from the demo JSON."""

    def __init__(self, path):
        with open(path, encoding='utf-8') as f:
            document = json.load(f)
        self.theme = next(t for t in document['themes'] if t['name'] == ui.THEME)
        questions = {q['code']: q for q in document.get('questions', [])}
        self.asked = [questions[q['question']] for q in self.theme.get('questions', [])]
        if not self.asked:
            raise Failure('the demo’s %s asks no questions' % ui.THEME)
        self.by_prompt = {q['prompt']: q for q in self.asked}
        self.items = {i['code']: i for i in document['items']}
        self.names = [self.items[code]['name'] for code in self.theme['items']]
        # The tobacco licence and the answers that make it apply.
        conditions = {c['item']: c['when'] for c in self.theme.get('item_conditions', [])}
        tobacco = [code for code in self.theme['items'] if '烟草' in self.items[code]['name']]
        if not tobacco or tobacco[0] not in conditions:
            raise Failure('the demo’s %s has no tobacco licence with a condition' % ui.THEME)
        self.tobacco = self.items[tobacco[0]]['name']
        self.wanted = {}
        for term in conditions[tobacco[0]][0]:
            question, option = term.split('=', 1)
            self.wanted.setdefault(question, set()).add(option)

    def labels(self, question, options):
        return [o['label'] for o in question['options'] if o['code'] in options]

    def choice(self, question, tobacco):
        """The option labels to tick on @question for answer set 1
        (tobacco) or 2."""
        wanted = self.wanted.get(question['code'])
        if wanted is not None:
            if tobacco:
                return self.labels(question, wanted)
            others = [o['code'] for o in question['options'] if o['code'] not in wanted]
            return self.labels(question, others[:1] if question['kind'] == 'single' else [])
        if question.get('kind', 'single') == 'single':
            return [question['options'][0]['label']]
        return []


# The preview -----------------------------------------------------------------

def phone(app):
    return find(app, on_screen(lambda n: n.get_name() == 'Phone preview' and n.get_role_name() != 'label'))


def counter(root):
    label = find(root, on_screen(lambda n: n.get_role_name() == 'label' and COUNTER.match(n.get_name() or '')))
    return COUNTER.match(label.get_name()).groups() if label is not None else None


def prompt(root):
    heading = find(root, on_screen(named('heading')))
    return heading.get_name() if heading is not None else None


def options(root):
    return [n for n in find_all(root, on_screen(lambda n: n.get_role_name() in ('check box', 'radio button')))]


def checked(node):
    return node.get_state_set().contains(Atspi.StateType.CHECKED)


def steps(root):
    """The names of the result's steps, or None when it is not shown."""
    steps_list = find(root, on_screen(lambda n: n.get_name() == 'Your steps' and n.get_role_name() != 'label'))
    if steps_list is None:
        return None
    names = []
    for node in find_all(steps_list, named('push button', prefix='Step ')):
        parts = node.get_name().split(' · ')
        if len(parts) < 2:
            raise Failure('a step reads “%s”, not “Step N · name · department”' % node.get_name())
        names.append(parts[1])
    return names


def page(root):
    """('question', (index, total)) or ('result', steps), once the other
    page has gone (pages cross-fade)."""
    labels = find_all(root, on_screen(lambda n: n.get_role_name() == 'label' and COUNTER.match(n.get_name() or '')))
    shown_steps = steps(root)
    if shown_steps is not None and not labels:
        return 'result', shown_steps
    if len(labels) == 1 and shown_steps is None:
        return 'question', COUNTER.match(labels[0].get_name()).groups()
    return None


def at_question(root, number):
    """Whether question @number alone is shown."""
    shown = page(root)
    return shown is not None and shown[0] == 'question' and shown[1][0] == str(number)


def click(node):
    """A mouse click in the middle of @node (xdotool: AT-SPI 2 offers no
    action on GTK 4.8's check buttons). Without a window manager, windows
    sit at the screen's top-left corner."""
    extents = node.get_extents(Atspi.CoordType.WINDOW)
    x, y = extents.x + min(extents.width // 2, 12), extents.y + extents.height // 2
    subprocess.run(['xdotool', 'mousemove', str(x), str(y), 'sleep', '0.1', 'click', '1'], check=True)


def scroll_into_view(screen, node):
    """Turns the mouse wheel over @screen until @node is wholly in view, or
    its top at the top when it is taller."""
    box = screen.get_extents(Atspi.CoordType.WINDOW)
    for _ in range(80):
        e = node.get_extents(Atspi.CoordType.WINDOW)
        if e.y + e.height <= box.y + box.height or e.y <= box.y + 80:
            return
        subprocess.run(['xdotool', 'mousemove', str(box.x + 24), str(box.y + box.height // 3), 'click', '5'],
                       check=True)
        time.sleep(0.05)


def screenshot(variable, delay=1.0):
    path = os.environ.get(variable)
    if path and shutil.which('import'):
        # The pointer off the window: no hover, no tooltip.
        subprocess.run(['xdotool', 'mousemove', '1279', '799'], check=True)
        time.sleep(delay)
        subprocess.run(['import', '-window', 'root', path], check=False)
        log('screenshot:', path)


def answer_all(root, demo, tobacco, back_once=False):
    """Answers every question shown in @root until the result; returns the
    steps. With @back_once, goes Back from the second question once and
    checks the first one's answer is still ticked."""
    number = 0
    went_back = False
    while True:
        state = wait_for('a question or the result', lambda: page(root))
        if state[0] == 'result':
            return state[1]
        index, total = (int(v) for v in state[1])
        if index != number + 1:
            raise Failure('question %d of %d after question %d' % (index, total, number))
        text = wait_for('the question’s prompt', lambda: prompt(root))
        question = demo.by_prompt.get(text)
        if question is None:
            raise Failure('the preview asks “%s”, which the demo’s %s does not' % (text, ui.THEME))
        wanted = demo.choice(question, tobacco)
        boxes = wait_for('the options of “%s”' % text, lambda: options(root))
        labels = [b.get_name() for b in boxes]
        if labels != [o['label'] for o in question['options']]:
            raise Failure('“%s” offers %s' % (text, labels))
        if index == 1 and tobacco:
            screenshot('BANSHI_UI_TEST_SCREENSHOT_QUESTION', 0.5)
        single = question.get('kind', 'single') == 'single'
        for box in boxes:
            want = box.get_name() in wanted
            # A radio button is unticked by ticking another.
            if checked(box) == want or (single and not want):
                continue
            click(box)
            wait_for('“%s” to be %s' % (box.get_name(), 'ticked' if want else 'unticked'),
                     lambda b=box, w=want: checked(b) == w, timeout=5)
        wait_for('%s ticked on “%s”' % (wanted, text),
                 lambda: [b.get_name() for b in boxes if checked(b)] == wanted, timeout=5)
        log('question %d of %d: %s → %s' % (index, total, text, '、'.join(wanted) or '(none)'))

        if back_once and index == 2 and not went_back:
            went_back = True
            do_action(wait_for('Back', lambda: find(root, on_screen(named('push button', 'Back')))), 'click')
            wait_for('question 1', lambda: at_question(root, 1))
            first = demo.by_prompt[wait_for('the prompt', lambda: prompt(root))]
            kept = [b.get_name() for b in options(root) if checked(b)]
            if kept != demo.choice(first, tobacco):
                raise Failure('Back: question 1 shows %s ticked, not %s' % (kept, demo.choice(first, tobacco)))
            log('Back kept the answer to question 1:', kept)
            number = 0
            do_action(find(root, on_screen(named('push button', 'Continue'))), 'click')
            wait_for('question 2 again', lambda: at_question(root, 2))
            number = 1
            continue

        go = wait_for('Continue', lambda: find(root, on_screen(named('push button', 'Continue'))))
        if not go.get_state_set().contains(Atspi.StateType.SENSITIVE):
            raise Failure('Continue is disabled on “%s” with %s ticked' % (text, wanted))
        do_action(go, 'click')
        number = index
        wait_for('the next page', lambda: (lambda p: p and (p[0] == 'result' or p[1][0] != str(index)))(page(root)))


def graph_nodes():
    try:
        with open(os.environ['BANSHI_TEST_FLOW_NODES'], encoding='utf-8') as f:
            return sorted(line.split('\t')[0] for line in f.read().splitlines())
    except OSError:
        return None


def run(app, banshi):
    demo = Demo(os.environ['BANSHI_DEMO_JSON'])
    if shutil.which('xdotool') is None:
        raise Failure('xdotool is missing (build-aux/debian-packages.txt lists it)')

    # 1. The theme, as in test-ui.py, and its Preview view.
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
    preview_tab = wait_for('the Preview tab', lambda: find(app, on_screen(
        lambda n: n.get_name() == 'Preview' and n.get_n_actions() > 0)))
    do_action(preview_tab, 'click')
    screen = wait_for('the phone', lambda: phone(app))
    log('opened the preview of', ui.THEME)

    # 2. Answer set 1: selling cigarettes.
    first = wait_for('the first question', lambda: counter(screen))
    if first[0] != '1':
        raise Failure('the preview starts at question %s of %s' % first)
    with_tobacco = answer_all(screen, demo, tobacco=True)
    log('steps with cigarettes:', '、'.join(with_tobacco))
    if demo.tobacco not in with_tobacco:
        raise Failure('selling cigarettes does not add %s: %s' % (demo.tobacco, with_tobacco))
    unknown = [name for name in with_tobacco if name not in demo.names]
    if unknown or len(set(with_tobacco)) != len(with_tobacco):
        raise Failure('the steps are not the theme’s items, once each: %s' % with_tobacco)
    wait_for('the graph of the steps', lambda: graph_nodes() == sorted(with_tobacco))
    log('the graph shows the %d steps' % len(with_tobacco))

    # 3. An edit elsewhere builds the guide again and keeps the answers:
    # take the tobacco licence out of the theme in the Items view, back to
    # the preview (still the result), then Undo.
    items_tab = wait_for('the Items tab', lambda: find(app, on_screen(
        lambda n: n.get_name() == 'Items' and n.get_n_actions() > 0)))
    do_action(items_tab, 'click')
    do_action(wait_for('the remove button of %s' % demo.tobacco, lambda: find(app, on_screen(
        named('push button', 'Remove “%s” from the theme' % demo.tobacco)))), 'click')
    wait_for('%s to leave the theme' % demo.tobacco, lambda: ui.theme_item_names(app) is not None
             and demo.tobacco not in ui.theme_item_names(app))
    do_action(preview_tab, 'click')
    edited = wait_for('the result without %s' % demo.tobacco, lambda: (lambda p: p and p[0] == 'result' and p[1])(
        page(screen)))
    if sorted(edited + [demo.tobacco]) != sorted(with_tobacco):
        raise Failure('after taking %s out of the theme the preview shows %s' % (demo.tobacco, edited))
    # The header bar's Undo, named after the edit.
    do_action(wait_for('Undo', lambda: find(app, named('push button', prefix='Undo “'))), 'click')
    wait_for('Undo to bring %s back' % demo.tobacco, lambda: (lambda p: p and p[0] == 'result' and p[1])(
        page(screen)) == with_tobacco)
    log('an edit and its undo showed in the preview, the answers kept')

    # 4. Answer set 2 through Change Answers: no cigarettes.
    do_action(wait_for('Change Answers', lambda: find(screen, on_screen(named('push button', 'Change Answers')))),
              'click')
    wait_for('question 1 again', lambda: at_question(screen, 1))
    without_tobacco = answer_all(screen, demo, tobacco=False, back_once=True)
    log('steps without cigarettes:', '、'.join(without_tobacco))
    if demo.tobacco in without_tobacco:
        raise Failure('%s is a step without cigarettes: %s' % (demo.tobacco, without_tobacco))
    if sorted(without_tobacco + [demo.tobacco]) != sorted(with_tobacco):
        raise Failure('not selling cigarettes changed more than the tobacco licence: %s, before %s'
                      % (without_tobacco, with_tobacco))
    wait_for('the graph without the tobacco licence', lambda: graph_nodes() == sorted(without_tobacco))

    # 5. A step's details: the food licence's materials, the business
    # licence coming from the step that issues it.
    food = next(name for name in without_tobacco if '食品经营许可' in name)
    food_item = next(i for i in demo.items.values() if i['name'] == food)
    material = next(m['name'] for m in food_item['materials'] if not m.get('when'))
    expander = wait_for('the step %s' % food, lambda: find(screen, on_screen(
        lambda n: n.get_role_name() == 'push button' and ' · %s' % food in (n.get_name() or ''))))
    do_action(expander, 'activate')
    wait_for('the material %s' % material, lambda: find(screen, on_screen(named('label', material))))
    materials = [n.get_name() for n in find_all(screen, on_screen(named('label')))]
    from_steps = [name for name in materials if name.startswith('From step ')]
    log('%s: %s …, %s' % (food, material, '、'.join(from_steps) or 'nothing from other steps'))
    if not from_steps:
        raise Failure('no material of %s comes from an earlier step' % food)
    if os.environ.get('BANSHI_UI_TEST_SCREENSHOT_RESULT'):
        scroll_into_view(screen, expander)
        screenshot('BANSHI_UI_TEST_SCREENSHOT_RESULT')
    if os.environ.get('BANSHI_UI_TEST_SCREENSHOT_GRAPH'):
        scroll_into_view(screen, find(screen, labelled('Flow of your steps')))
        screenshot('BANSHI_UI_TEST_SCREENSHOT_GRAPH')

    # 6. Presentation mode: the same steps, large; Start Again there and
    # Escape: the preview is back at question 1 with nothing ticked.
    do_action(wait_for('Present', lambda: find(app, on_screen(named('push button', 'Present')))), 'click')

    def presentation():
        # A window of its own: among the application's children.
        return next((w for w in ui.children(app)
                     if w.get_role_name() == 'frame' and w.get_name() == 'Presentation'), None)
    window = wait_for('the presentation window', presentation)
    shown = wait_for('the steps in presentation mode', lambda: steps(window))
    if shown != without_tobacco:
        raise Failure('presentation mode shows %s, the preview %s' % (shown, without_tobacco))
    log('presentation mode shows the same %d steps' % len(shown))
    screenshot('BANSHI_UI_TEST_SCREENSHOT_PRESENTATION')
    do_action(wait_for('Start Again', lambda: find(window, on_screen(named('push button', 'Start Again')))), 'click')
    wait_for('question 1 in presentation mode', lambda: at_question(window, 1))
    extents = window.get_extents(Atspi.CoordType.WINDOW)
    subprocess.run(['xdotool', 'mousemove', str(extents.x + extents.width // 2), str(extents.y + 20)], check=True)
    time.sleep(0.3)
    ui.press_key(KEY_ESCAPE)
    wait_for('Escape to close presentation mode', lambda: presentation() is None, timeout=8)
    wait_for('question 1 in the preview', lambda: at_question(screen, 1))
    ticked = [b.get_name() for b in options(screen) if checked(b)]
    if ticked:
        raise Failure('Start Again in presentation mode left %s ticked in the preview' % ticked)
    log('left presentation mode; the preview starts again')

    # 7. F5 anywhere in the window presents; there the keyboard answers:
    # the first option has the focus, Tab goes to the second, Space ticks
    # it, Enter continues. Escape: the preview is at question 2, and its
    # Back shows that answer.
    subprocess.run(['xdotool', 'mousemove', '600', '400'], check=True)
    time.sleep(0.3)
    ui.press_key(KEY_F5)
    window = wait_for('F5 to open presentation mode', presentation, timeout=8)
    wait_for('question 1 in presentation mode', lambda: at_question(window, 1))
    second = options(window)[1]
    second_name = second.get_name()
    ui.press_key(KEY_TAB)
    ui.press_key(KEY_SPACE)
    wait_for('Tab and Space to tick “%s”' % second_name, lambda: checked(second))
    ui.press_key(KEY_RETURN)
    wait_for('Enter to continue to question 2', lambda: at_question(window, 2))
    ui.press_key(KEY_ESCAPE)
    wait_for('Escape to close presentation mode', lambda: presentation() is None, timeout=8)
    wait_for('question 2 in the preview', lambda: at_question(screen, 2))
    do_action(wait_for('Back', lambda: find(screen, on_screen(named('push button', 'Back')))), 'click')
    wait_for('question 1 in the preview', lambda: at_question(screen, 1))
    ticked = [b.get_name() for b in options(screen) if checked(b)]
    if ticked != [second_name]:
        raise Failure('the answer given in presentation mode is not in the preview: %s ticked' % ticked)
    log('F5, the keyboard in presentation mode and Escape: the preview has “%s”' % ticked[0])


if __name__ == '__main__':
    ui.run = run
    nodes = tempfile.NamedTemporaryFile(prefix='banshi-preview-nodes-', suffix='.tsv', delete=False)
    nodes.close()
    os.unlink(nodes.name)
    os.environ['BANSHI_TEST_FLOW_NODES'] = nodes.name
    try:
        status = ui.main()
    finally:
        if os.path.exists(nodes.name):
            os.unlink(nodes.name)
    sys.exit(status)
