#!/bin/sh
# Regenerates the testkit's TLS material with the JDK's keytool (run once, output committed).
# A test CA signs the server certificates, so trusting ca.pem is enough for every one of them
# except self-signed. Password of every keystore: "fanout-testkit".
set -eu
out="$(cd "$(dirname "$0")/.." && pwd)/src/main/resources/dev/fanout/testkit/tls"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pw=fanout-testkit
days=36500 # about 100 years from 2024
kt() { keytool -noprompt -storepass "$pw" -keypass "$pw" "$@"; }

# The CA.
kt -genkeypair -keystore "$work/ca.p12" -storetype PKCS12 -alias ca -keyalg RSA -keysize 2048 \
   -dname "CN=fanout testkit CA" -ext bc:c -startdate 2024/01/01 -validity "$days"
kt -exportcert -rfc -keystore "$work/ca.p12" -alias ca -file "$out/ca.pem"

# sign NAME SAN [gencert options...]: a PKCS12 keystore whose key entry chains to the CA.
sign() {
  name="$1"; san="$2"; shift 2
  kt -genkeypair -keystore "$out/$name.p12" -storetype PKCS12 -alias server -keyalg RSA -keysize 2048 \
     -dname "CN=$name" -ext "san=$san" -startdate 2024/01/01 -validity "$days"
  kt -certreq -keystore "$out/$name.p12" -alias server -file "$work/$name.csr"
  kt -gencert -keystore "$work/ca.p12" -alias ca -infile "$work/$name.csr" -outfile "$work/$name.crt" \
     -rfc -ext "san=$san" -ext ku:c=digitalSignature,keyEncipherment -ext eku=serverAuth "$@"
  kt -importcert -keystore "$out/$name.p12" -alias ca -file "$out/ca.pem"
  kt -importcert -keystore "$out/$name.p12" -alias server -file "$work/$name.crt"
  kt -delete -keystore "$out/$name.p12" -alias ca
}

sign localhost "dns:localhost,ip:127.0.0.1" -startdate 2024/01/01 -validity "$days"
sign wrong-host "dns:wrong-host.invalid" -startdate 2024/01/01 -validity "$days"
sign expired "dns:localhost,ip:127.0.0.1" -startdate 2000/01/01 -validity 1

# Self-signed: valid for localhost, not issued by the CA.
kt -genkeypair -keystore "$out/self-signed.p12" -storetype PKCS12 -alias server -keyalg RSA -keysize 2048 \
   -dname "CN=localhost" -ext "san=dns:localhost,ip:127.0.0.1" -startdate 2024/01/01 -validity "$days"
kt -exportcert -rfc -keystore "$out/self-signed.p12" -alias server -file "$out/self-signed.pem"
