-- One database and owner per service, as in the k8s base (postgres/databases.yaml); compose's password only.
CREATE ROLE intake LOGIN PASSWORD 'ketamine-compose';
CREATE DATABASE intake OWNER intake;
CREATE ROLE session LOGIN PASSWORD 'ketamine-compose';
CREATE DATABASE session OWNER session;
CREATE ROLE vitals LOGIN PASSWORD 'ketamine-compose';
CREATE DATABASE vitals OWNER vitals;
CREATE ROLE alerting LOGIN PASSWORD 'ketamine-compose';
CREATE DATABASE alerting OWNER alerting;
