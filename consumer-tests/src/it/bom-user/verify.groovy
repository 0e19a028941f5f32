// fanout-bom lists every library the reactor publishes, and nothing else. A library is a module
// of jar packaging that publishes its sources (maven.source.skip not true: cli and bench, the
// applications, skip them). A new module left out of the BOM, or an entry for a module that is
// not in the reactor (yet), fails the build here, naming it.
import groovy.xml.XmlSlurper

def root = new File(reactorDir).canonicalFile
def pom = { File dir -> new XmlSlurper().parse(new File(dir, 'pom.xml')) }

def libraries = pom(root).modules.module*.text().findAll { name ->
    def module = pom(new File(root, name))
    def packaging = module.packaging.text() ?: 'jar'
    packaging == 'jar' && module.properties.'maven.source.skip'.text() != 'true'
}.collect { pom(new File(root, it)).artifactId.text() }.toSet()

def managed = pom(new File(root, 'bom')).dependencyManagement.dependencies.dependency
        .findAll { it.groupId.text() == 'dev.fanout' }
        .collect { it.artifactId.text() }.toSet()

assert !libraries.isEmpty() : "no library modules found under ${root}"
assert (libraries - managed).isEmpty() : "fanout-bom does not manage these libraries of the reactor: ${libraries - managed}"
assert (managed - libraries).isEmpty() : "fanout-bom manages artifacts that no module of the reactor builds: ${managed - libraries}"
println "bom-user: fanout-bom manages exactly the reactor's libraries: ${libraries.sort()}"
return true
