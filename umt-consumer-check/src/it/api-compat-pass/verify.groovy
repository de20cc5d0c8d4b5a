// The api-compat profile compared this build with the baseline and passed: a method added is compatible, and a method
// removed from a public type in an internal package is not guarded.
def log = new File(basedir, 'build.log').text
assert log.contains('--- japicmp-maven-plugin:') && log.contains(':cmp (api-compat) @ api-compat-probe ---') : 'japicmp did not run:\n' + log
assert log.contains('[INFO] BUILD SUCCESS')
def diff = new File(basedir, 'target/japicmp/api-compat.diff').text
assert diff.contains('api-compat-probe-1.0.0.jar') : diff
assert diff.contains('+++  NEW METHOD: PUBLIC(+) java.lang.String welcome()') : diff
assert !diff.contains('Wiring') : 'the internal package was compared:\n' + diff
return true
