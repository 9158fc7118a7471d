package com.procurementcache.refresh.boundary;

import com.procurementcache.refresh.control.Transactions;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * The container's transactions for the refresh: each piece of work in a JTA transaction of its own
 * (REQUIRES_NEW), so that an organization's refresh commits or rolls back alone and CDI observers
 * of {@code AFTER_SUCCESS} run only after its commit.
 */
@Stateless
public class NewTransaction {

  @Resource(lookup = "jdbc/procurement-cache")
  DataSource dataSource;

  @Resource SessionContext context;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public <T> T run(Transactions.Work<T> work) throws Failed {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (Exception e) {
      // Roll back whatever the work threw, checked or not, and hand the caller the exception
      // itself (the container would wrap runtime exceptions).
      context.setRollbackOnly();
      throw new Failed(e);
    }
  }

  /** Carries the work's exception out of the transaction, unwrapped by {@link #unwrap}. */
  public static class Failed extends Exception {
    Failed(Exception cause) {
      super(cause);
    }
  }

  /** The {@link Transactions} the engine uses: this bean, with the work's own exceptions. */
  public static Transactions unwrapping(NewTransaction bean) {
    return new Transactions() {
      @Override
      public <T> T inNewTransaction(Work<T> work) throws Exception {
        try {
          return bean.run(work);
        } catch (Failed f) {
          throw (Exception) f.getCause();
        }
      }
    };
  }
}
