package com.procurementcache.refresh.control;

import java.sql.Connection;

/**
 * Runs work in a new transaction of its own, committed when the work returns and rolled back when
 * it throws. In the container this is a JTA transaction (so CDI transactional observers see its
 * outcome); the JDBC tests use plain connection transactions.
 */
public interface Transactions {

  <T> T inNewTransaction(Work<T> work) throws Exception;

  /** Work on the transaction's connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws Exception;
  }
}
