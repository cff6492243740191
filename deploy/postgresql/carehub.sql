-- Role and database for the care hub. Run as a superuser; set the password from your secret store.
create role carehub login;
create database carehub owner carehub;
-- the hub acknowledges partners' messages after commit: commits must be durable when they return
alter database carehub set synchronous_commit = on;
