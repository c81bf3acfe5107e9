"""Have LibreOffice accept every tracked change of some .docx files (run by Debian's python3,
which has python3-uno; tests/office.py calls it).

    /usr/bin/python3 tests/lo_accept.py PROFILE_DIR OUT_DIR FILE.docx...

Starts a headless soffice with a profile of its own, listening on a pipe; for each file: load
it hidden, count its tracked changes, dispatch .uno:AcceptAllTrackedChanges, count again, save
it as Word 2007 XML in OUT_DIR under the same name, and print "FILE<TAB>before<TAB>after".

LibreOffice 7.4 (Debian 12, -nogui build) aborts when it loads a document with comments into a
hidden view, so the files given here carry their tracked changes only (office.strip_comments).
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def count(doc) -> int:
    enum = doc.getRedlines().createEnumeration()
    n = 0
    while enum.hasMoreElements():
        enum.nextElement()
        n += 1
    return n


def connect(pipe: str):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.5)
    sys.exit("LibreOffice did not come up")


def main() -> None:
    profile, outdir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    pipe = f"fzlint-accept-{os.getpid()}"
    soffice = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}", "--headless",
         "--invisible", "--norestore", "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = connect(pipe)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for f in files:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(f)),
                                               "_blank", 0, (prop("Hidden", True),))
            before = count(doc)
            frame = doc.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
            after = count(doc)
            out = os.path.abspath(os.path.join(outdir, os.path.basename(f)))
            doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "MS Word 2007 XML"),))
            doc.close(True)
            print(f"{f}\t{before}\t{after}", flush=True)
        try:
            desktop.terminate()
        except Exception:
            pass        # the bridge goes away with the office
    finally:
        try:
            soffice.wait(timeout=60)
        except subprocess.TimeoutExpired:
            soffice.kill()
            soffice.wait()


if __name__ == "__main__":
    main()
