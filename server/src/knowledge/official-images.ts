// Docker Hub's official images ("library/<name>"): the one-word names `docker pull` resolves on Docker Hub. A
// one-word FROM name that is not here cannot be pulled from Docker Hub, so it is an image built locally first.

export const OFFICIAL_IMAGES: ReadonlySet<string> = new Set([
  'adminer', 'aerospike', 'almalinux', 'alpine', 'alt', 'amazoncorretto', 'amazonlinux', 'api-firewall', 'arangodb', 'archlinux',
  'backdrop', 'bash', 'bonita', 'buildpack-deps', 'busybox', 'caddy', 'cassandra', 'centos', 'chronograf', 'cirros', 'clearlinux',
  'clefos', 'clickhouse', 'clojure', 'composer', 'couchbase', 'couchdb', 'crate', 'dart', 'debian', 'docker', 'drupal', 'eclipse-mosquitto',
  'eclipse-temurin', 'eggdrop', 'elasticsearch', 'elixir', 'emqx', 'erlang', 'fedora', 'flink', 'fluentd', 'friendica', 'gazebo', 'gcc',
  'geonetwork', 'ghost', 'golang', 'gradle', 'groovy', 'haproxy', 'haskell', 'haxe', 'hello-world', 'hitch', 'httpd', 'hylang', 'ibm-semeru-runtimes',
  'ibmjava', 'influxdb', 'irssi', 'jetty', 'jobber', 'joomla', 'jruby', 'julia', 'kapacitor', 'kibana', 'kong', 'krakend', 'lightstreamer',
  'liquibase', 'logstash', 'mageia', 'mariadb', 'matomo', 'maven', 'mediawiki', 'memcached', 'mongo', 'mongo-express', 'monica', 'mono',
  'mysql', 'nats', 'neo4j', 'neurodebian', 'nextcloud', 'nginx', 'node', 'notary', 'odoo', 'open-liberty', 'openjdk', 'oraclelinux', 'orientdb',
  'percona', 'perl', 'photon', 'php', 'php-zendserver', 'phpmyadmin', 'plone', 'postfixadmin', 'postgres', 'pypy', 'python', 'r-base',
  'rabbitmq', 'rakudo-star', 'redis', 'redmine', 'registry', 'rethinkdb', 'rocket.chat', 'rockylinux', 'ros', 'ruby', 'rust', 'sapmachine',
  'satosa', 'silverpeas', 'sl', 'solr', 'sonarqube', 'spiped', 'storm', 'swift', 'swipl', 'teamspeak', 'telegraf', 'tomcat', 'tomee',
  'traefik', 'ubuntu', 'unit', 'varnish', 'websphere-liberty', 'wordpress', 'xwiki', 'yourls', 'znc', 'zookeeper', 'opensuse',
  'jenkins', 'kaazing-gateway', 'nuxeo', 'convertigo', 'mongooseim', 'ubuntu-debootstrap', 'valkey', 'express-gateway', 'scratch',
]);
