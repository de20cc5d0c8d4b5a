// The api-compat profile failed this build (invoker.buildResult = failure) for the one reason it should: japicmp found
// the public method removed since the baseline, and nothing else.
def log = new File(basedir, 'build.log').text
def failure = log.readLines().find { it.startsWith('[ERROR] Failed to execute goal com.github.siom79.japicmp:japicmp-maven-plugin:') }
assert failure != null : 'japicmp did not fail the build:\n' + log
assert failure.endsWith(':cmp (api-compat) on project api-compat-probe: There is at least one incompatibility:'
    + ' com.example.probe.Greeter.goodbye():METHOD_REMOVED -> [Help 1]') : failure
assert log.contains('[INFO] BUILD FAILURE')
def diff = new File(basedir, 'target/japicmp/api-compat.diff').text
assert diff.contains('---! REMOVED METHOD: PUBLIC(-) java.lang.String goodbye()') : diff
return true
