// The build was expected to fail (invoker.buildResult = failure). Check that it failed where it
// should, in the compiler, because fanout's internals are not exported to this module: one
// error per class, and no error of any other kind.
def log = new File(basedir, 'build.log').text

def expected = [
    'ClientInternals.java': 'package dev.fanout.client.internal is declared in module dev.fanout.client, which does not export it',
    'LoopInternals.java'  : 'package dev.fanout.loop.internal is declared in module dev.fanout.loop, which does not export it to module example.internals',
    'ThroughTheLoop.java' : 'NettyLoop.eventLoop() in package dev.fanout.loop.internal is not accessible',
]

assert log.contains('COMPILATION ERROR') : 'the build did not fail in the compiler'
expected.each { file, message ->
    assert log.contains(message) : "no error saying: ${message}"
    assert log =~ /${file}:\[\d+,\d+\]/ : "no error in ${file}"
}
def errors = log.readLines()
        .findAll { it ==~ /\[ERROR\] \S+\.java:\[\d+,\d+\].*/ }
        .collect { it.replaceFirst(/.*\/(\w+\.java):.*/, '$1') }
        .toSet()
assert errors == expected.keySet() : "errors in other files than expected: ${errors}"
return true
