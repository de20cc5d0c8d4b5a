module com.example.consumer {
  requires dev.umt.api;
  requires dev.umt.rules;
  requires dev.umt.gotomypc;
  requires dev.umt.ldap;
  requires dev.umt.ldap.ad;
  requires dev.umt.edirectory;
}
