#!/usr/bin/env python3
# fake-notifications.py OUT: a desktop notification server on the session bus
# (org.freedesktop.Notifications, the interface GLib's GNotification uses
# outside GNOME Shell and Flatpak) that writes each notification it gets to
# OUT as one JSON line {"summary", "body", "actions"}, for the UI tests.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import sys

import gi
from gi.repository import Gio, GLib

INTERFACE = '''
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="GetCapabilities"><arg direction="out" type="as"/></method>
    <method name="Notify">
      <arg direction="in" type="s"/><arg direction="in" type="u"/><arg direction="in" type="s"/>
      <arg direction="in" type="s"/><arg direction="in" type="s"/><arg direction="in" type="as"/>
      <arg direction="in" type="a{sv}"/><arg direction="in" type="i"/>
      <arg direction="out" type="u"/>
    </method>
    <method name="CloseNotification"><arg direction="in" type="u"/></method>
    <method name="GetServerInformation">
      <arg direction="out" type="s"/><arg direction="out" type="s"/>
      <arg direction="out" type="s"/><arg direction="out" type="s"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
'''

out_path = sys.argv[1]
counter = [0]


def on_call(connection, sender, path, interface, method, parameters, invocation):
    if method == 'GetCapabilities':
        invocation.return_value(GLib.Variant('(as)', (['body', 'actions'],)))
    elif method == 'Notify':
        app_name, replaces, icon, summary, body, actions, hints, timeout = parameters.unpack()
        counter[0] += 1
        with open(out_path, 'a') as f:
            f.write(json.dumps({'app': app_name, 'summary': summary, 'body': body,
                                'actions': actions}, ensure_ascii=False) + '\n')
        invocation.return_value(GLib.Variant('(u)', (counter[0],)))
    elif method == 'GetServerInformation':
        invocation.return_value(GLib.Variant('(ssss)', ('fake', 'banshi-tests', '1', '1.2')))
    else:
        invocation.return_value(None)


def on_bus(connection, name):
    node = Gio.DBusNodeInfo.new_for_xml(INTERFACE)
    connection.register_object('/org/freedesktop/Notifications', node.interfaces[0], on_call, None, None)


def on_name(connection, name):
    # Ready: the test waits for this line.
    print('ready', flush=True)


Gio.bus_own_name(Gio.BusType.SESSION, 'org.freedesktop.Notifications', Gio.BusNameOwnerFlags.NONE,
                 on_bus, on_name, lambda *a: sys.exit(1))
GLib.MainLoop().run()
